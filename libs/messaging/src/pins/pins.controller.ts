import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Put, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { PinResponse, PinsResponse } from '@chat/contracts';
import { RequiresFeature } from '@chat/features';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { ChangePinCommand } from './change-pin.command';
import { ListPinsQuery } from './list-pins.query';

const Id = (name = 'id') => Param(name, new ParseUUIDPipe());

/** Extension of v1: messages pinned to a conversation (PinnedMessage). */
@ApiTags('messages')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/conversations/:id/pins')
export class PinsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  list(@CurrentPrincipal() p: Principal, @Id() id: string): Promise<PinsResponse> {
    return this.queries.execute(new ListPinsQuery(p, id));
  }

  @Put(':messageId')
  @RequiresFeature('message-pins')
  async pin(@CurrentPrincipal() p: Principal, @Id() id: string, @Id('messageId') messageId: string): Promise<PinResponse> {
    return { pin: (await this.commands.execute(new ChangePinCommand(p, id, messageId, true)))! };
  }

  @Delete(':messageId')
  @HttpCode(204)
  @RequiresFeature('message-pins')
  async unpin(@CurrentPrincipal() p: Principal, @Id() id: string, @Id('messageId') messageId: string): Promise<void> {
    await this.commands.execute(new ChangePinCommand(p, id, messageId, false));
  }
}
