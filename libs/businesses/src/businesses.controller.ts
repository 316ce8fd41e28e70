import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { BusinessConversationResponse, BusinessInboxResponse, BusinessResponse, BusinessSearchResponse } from '@chat/contracts';
import { RequiresFeature } from '@chat/features';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { AddAgentCommand, RemoveAgentCommand } from './agents/agent.commands';
import { AssignAgentDto } from './assign-conversation/assign-agent.dto';
import { AssignConversationCommand } from './assign-conversation/assign-conversation.command';
import { CreateBusinessDto, UpdateBusinessDto } from './create-business/business.dto';
import { CreateBusinessCommand } from './create-business/create-business.command';
import { GetBusinessQuery } from './get-business/get-business.query';
import { BusinessInboxDto } from './inbox/inbox.dto';
import { BusinessInboxQuery } from './inbox/inbox.query';
import { OpenBusinessConversationCommand } from './open-conversation/open-business-conversation.command';
import { ResolveConversationCommand } from './resolve-conversation/resolve-conversation.command';
import { SearchBusinessesDto } from './search-businesses/search-businesses.dto';
import { SearchBusinessesQuery } from './search-businesses/search-businesses.query';
import { UpdateBusinessCommand } from './update-business/update-business.command';

const Id = (name = 'id') => Param(name, new ParseUUIDPipe());

/** Business chats (see @chat/contracts businesses.ts); behind the `businesses` feature flag. */
@ApiTags('businesses')
@ApiBearerAuth()
@RequiresFeature('businesses')
@UseGuards(AccessTokenGuard)
@Controller('v1/businesses')
export class BusinessesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  async create(@CurrentPrincipal() p: Principal, @Body() body: CreateBusinessDto): Promise<BusinessResponse> {
    return { business: await this.commands.execute(new CreateBusinessCommand(p, body)) };
  }

  @Get()
  search(@CurrentPrincipal() p: Principal, @Query() query: SearchBusinessesDto): Promise<BusinessSearchResponse> {
    return this.queries.execute(new SearchBusinessesQuery(p, query));
  }

  @Get(':id')
  async get(@CurrentPrincipal() p: Principal, @Id() id: string): Promise<BusinessResponse> {
    return { business: await this.queries.execute(new GetBusinessQuery(p, id)) };
  }

  @Patch(':id')
  async update(@CurrentPrincipal() p: Principal, @Id() id: string, @Body() body: UpdateBusinessDto): Promise<BusinessResponse> {
    return { business: await this.commands.execute(new UpdateBusinessCommand(p, id, body)) };
  }

  @Put(':id/agents/:userId')
  async addAgent(@CurrentPrincipal() p: Principal, @Id() id: string, @Id('userId') userId: string): Promise<BusinessResponse> {
    return { business: await this.commands.execute(new AddAgentCommand(p, id, userId)) };
  }

  @Delete(':id/agents/:userId')
  @HttpCode(204)
  async removeAgent(@CurrentPrincipal() p: Principal, @Id() id: string, @Id('userId') userId: string): Promise<void> {
    await this.commands.execute(new RemoveAgentCommand(p, id, userId));
  }

  @Post(':id/conversations')
  async open(@CurrentPrincipal() p: Principal, @Id() id: string, @Res({ passthrough: true }) res: Response): Promise<BusinessConversationResponse> {
    const { businessConversation, created } = await this.commands.execute(new OpenBusinessConversationCommand(p, id));
    res.status(created ? 201 : 200);
    return { businessConversation };
  }

  @Post(':id/conversations/:conversationId/assign')
  @HttpCode(200)
  async assign(@CurrentPrincipal() p: Principal, @Id() id: string, @Id('conversationId') conversationId: string, @Body() body: AssignAgentDto): Promise<BusinessConversationResponse> {
    return { businessConversation: await this.commands.execute(new AssignConversationCommand(p, id, conversationId, body.agentId)) };
  }

  @Post(':id/conversations/:conversationId/resolve')
  @HttpCode(200)
  async resolve(@CurrentPrincipal() p: Principal, @Id() id: string, @Id('conversationId') conversationId: string): Promise<BusinessConversationResponse> {
    return { businessConversation: await this.commands.execute(new ResolveConversationCommand(p, id, conversationId)) };
  }

  @Get(':id/inbox')
  inbox(@CurrentPrincipal() p: Principal, @Id() id: string, @Query() query: BusinessInboxDto): Promise<BusinessInboxResponse> {
    return this.queries.execute(new BusinessInboxQuery(p, id, query));
  }
}
