import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Audited } from '@chat/audit';
import type { HistoryResponse, MessageReceiptsResponse, MessageResponse, ReactionsResponse } from '@chat/contracts';
import { RequiresFeature } from '@chat/features';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { ChangeReactionCommand } from './change-reaction/change-reaction.command';
import { DeleteMessageCommand } from './delete-message/delete-message.command';
import { EditMessageCommand } from './edit-message/edit-message.command';
import { EditMessageDto } from './edit-message/edit-message.dto';
import { GetHistoryDto } from './get-history/get-history.dto';
import { GetHistoryQuery } from './get-history/get-history.query';
import { MessageReceiptsQuery } from './message-receipts/message-receipts.query';
import { SendMessageCommand } from './send-message/send-message.command';
import { SendMessageDto } from './send-message/send-message.dto';

const Id = (name = 'id') => Param(name, new ParseUUIDPipe());

@ApiTags('messages')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/conversations/:id/messages')
export class MessagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  async send(@CurrentPrincipal() p: Principal, @Id() id: string, @Body() body: SendMessageDto, @Res({ passthrough: true }) res: Response): Promise<MessageResponse> {
    const { message, created } = await this.commands.execute(new SendMessageCommand(p, id, body));
    res.status(created ? 201 : 200);
    return { message };
  }

  @Get()
  @Audited({ action: 'history.read' })
  history(@CurrentPrincipal() p: Principal, @Id() id: string, @Query() query: GetHistoryDto): Promise<HistoryResponse> {
    return this.queries.execute(new GetHistoryQuery(p, id, query));
  }

  @Patch(':messageId')
  async edit(@CurrentPrincipal() p: Principal, @Id() id: string, @Id('messageId') messageId: string, @Body() body: EditMessageDto): Promise<MessageResponse> {
    return { message: await this.commands.execute(new EditMessageCommand(p, id, messageId, body)) };
  }

  @Delete(':messageId')
  @HttpCode(204)
  async remove(@CurrentPrincipal() p: Principal, @Id() id: string, @Id('messageId') messageId: string): Promise<void> {
    await this.commands.execute(new DeleteMessageCommand(p, id, messageId));
  }

  @Get(':messageId/receipts')
  receipts(@CurrentPrincipal() p: Principal, @Id() id: string, @Id('messageId') messageId: string): Promise<MessageReceiptsResponse> {
    return this.queries.execute(new MessageReceiptsQuery(p, id, messageId));
  }

  @Put(':messageId/reactions/:emoji')
  @RequiresFeature('message-reactions')
  react(@CurrentPrincipal() p: Principal, @Id() id: string, @Id('messageId') messageId: string, @Param('emoji') emoji: string): Promise<ReactionsResponse> {
    return this.commands.execute(new ChangeReactionCommand(p, id, messageId, emoji, true));
  }

  @Delete(':messageId/reactions/:emoji')
  @RequiresFeature('message-reactions')
  unreact(@CurrentPrincipal() p: Principal, @Id() id: string, @Id('messageId') messageId: string, @Param('emoji') emoji: string): Promise<ReactionsResponse> {
    return this.commands.execute(new ChangeReactionCommand(p, id, messageId, emoji, false));
  }
}
