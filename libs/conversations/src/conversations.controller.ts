import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Put, Query, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type {
  ConversationCreatedResponse,
  ConversationDetailsResponse,
  ConversationListResponse,
  ConversationResponse,
  DeliveredResponse,
  FavouriteResponse,
  MuteResponse,
  PublicChannelsResponse,
  ReadPointersResponse,
  ReadResponse,
} from '@chat/contracts';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { APP_CONFIG, pageLimit, requestOriginOf, type AppConfig } from '@chat/platform';
import { AddMemberCommand } from './add-member/add-member.command';
import { AddMemberDto } from './add-member/add-member.dto';
import { ChangeMemberRoleCommand } from './change-member-role/change-member-role.command';
import { ChangeMemberRoleDto } from './change-member-role/change-member-role.dto';
import { connectionTo } from './create-conversation/conversation-connection';
import { CreateConversationCommand } from './create-conversation/create-conversation.command';
import { CreateConversationDto } from './create-conversation/create-conversation.dto';
import { DeleteConversationCommand } from './delete-conversation/delete-conversation.command';
import { GetConversationQuery } from './get-conversation/get-conversation.query';
import { JoinConversationCommand } from './join-conversation/join-conversation.command';
import { LeaveConversationCommand } from './leave-conversation/leave-conversation.command';
import { ListConversationsDto } from './list-conversations/list-conversations.dto';
import { ListConversationsQuery } from './list-conversations/list-conversations.query';
import { ListPublicChannelsDto } from './list-public-channels/list-public-channels.dto';
import { ListPublicChannelsQuery } from './list-public-channels/list-public-channels.query';
import { ListReadPointersQuery } from './list-read-pointers/list-read-pointers.query';
import { MarkDeliveredCommand } from './mark-delivered/mark-delivered.command';
import { MarkDeliveredDto } from './mark-delivered/mark-delivered.dto';
import { MarkReadCommand } from './mark-read/mark-read.command';
import { MarkReadDto } from './mark-read/mark-read.dto';
import { RemoveMemberCommand } from './remove-member/remove-member.command';
import { SetFavouriteCommand } from './set-favourite/set-favourite.command';
import { SetFavouriteDto } from './set-favourite/set-favourite.dto';
import { SetConversationStatusCommand } from './set-conversation-status/set-conversation-status.command';
import { SetMuteCommand } from './set-mute/set-mute.command';
import { SetMuteDto } from './set-mute/set-mute.dto';
import { UpdateConversationCommand } from './update-conversation/update-conversation.command';
import { UpdateConversationDto } from './update-conversation/update-conversation.dto';

const Id = (name = 'id') => Param(name, new ParseUUIDPipe());

@ApiTags('conversations')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/conversations')
export class ConversationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a conversation (seed 000: POST /chat/session); 201, or 200 with the existing one (the pair\'s direct conversation, a retried clientRequestId)',
    description:
      'Answers `{conversation}` and, as an extension of v1, what GET /v1/conversations/:id answers (`members`, `capabilities`, `policies`) and `connection`: the Socket.IO `url` and `path` (the `url` POST /v1/auth/ws-ticket answers) and where to get a ticket for the handshake, `ticketUrl` (POST `{conversationIds: [id]}`) or seed 000\'s `sessionTicketUrl` (GET /chat/ws?sessionId=id).',
  })
  async create(@CurrentPrincipal() p: Principal, @Body() body: CreateConversationDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<ConversationCreatedResponse> {
    const { conversation, created } = await this.commands.execute(new CreateConversationCommand(p, body));
    const details = await this.queries.execute(new GetConversationQuery(p, conversation.id));
    res.status(created ? 201 : 200);
    return { ...details, connection: connectionTo(conversation.id, this.config.http.publicUrl, requestOriginOf(req)) };
  }

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query() query: ListConversationsDto): Promise<ConversationListResponse> {
    const { conversationListDefaultLimit, conversationListMaxLimit } = this.config.limits;
    const limit = pageLimit(query.limit, Math.min(conversationListDefaultLimit, conversationListMaxLimit), conversationListMaxLimit);
    return this.queries.execute(new ListConversationsQuery(p, limit, query.cursor ?? null, query.favourites ?? false));
  }

  @Get('public')
  browse(@CurrentPrincipal() p: Principal, @Query() query: ListPublicChannelsDto): Promise<PublicChannelsResponse> {
    const max = this.config.limits.publicListMaxLimit;
    const limit = pageLimit(query.limit, Math.min(50, max), max);
    return this.queries.execute(new ListPublicChannelsQuery(p, query.q?.trim() || null, limit, query.cursor ?? null));
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Id() id: string): Promise<ConversationDetailsResponse> {
    return this.queries.execute(new GetConversationQuery(p, id));
  }

  @Patch(':id')
  async update(@CurrentPrincipal() p: Principal, @Id() id: string, @Body() body: UpdateConversationDto): Promise<ConversationResponse> {
    return { conversation: await this.commands.execute(new UpdateConversationCommand(p, id, body)) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentPrincipal() p: Principal, @Id() id: string): Promise<void> {
    await this.commands.execute(new DeleteConversationCommand(p, id));
  }

  @Post(':id/join')
  async join(@CurrentPrincipal() p: Principal, @Id() id: string): Promise<ConversationDetailsResponse> {
    await this.commands.execute(new JoinConversationCommand(p, id));
    return this.queries.execute(new GetConversationQuery(p, id));
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close a conversation (owners and admins of a group or channel); answers its details',
    description:
      'While closed, sending, editing and reacting are refused with 409 CONVERSATION_CLOSED (REST and the socket\'s message.send); members still read it, page its history, search it and follow it live. Members get a conversation.updated frame (status, closedAt). Closing a closed one changes nothing.',
  })
  async close(@CurrentPrincipal() p: Principal, @Id() id: string): Promise<ConversationDetailsResponse> {
    await this.commands.execute(new SetConversationStatusCommand(p, id, 'closed'));
    return this.queries.execute(new GetConversationQuery(p, id));
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a closed conversation (owners and admins); answers its details. Reopening an open one changes nothing.' })
  async reopen(@CurrentPrincipal() p: Principal, @Id() id: string): Promise<ConversationDetailsResponse> {
    await this.commands.execute(new SetConversationStatusCommand(p, id, 'open'));
    return this.queries.execute(new GetConversationQuery(p, id));
  }

  @Post(':id/leave')
  @HttpCode(204)
  async leave(@CurrentPrincipal() p: Principal, @Id() id: string): Promise<void> {
    await this.commands.execute(new LeaveConversationCommand(p, id));
  }

  @Post(':id/members')
  async invite(@CurrentPrincipal() p: Principal, @Id() id: string, @Body() body: AddMemberDto): Promise<ConversationDetailsResponse> {
    await this.commands.execute(new AddMemberCommand(p, id, body.userId));
    return this.queries.execute(new GetConversationQuery(p, id));
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  async kick(@CurrentPrincipal() p: Principal, @Id() id: string, @Id('userId') userId: string): Promise<void> {
    await this.commands.execute(new RemoveMemberCommand(p, id, userId));
  }

  @Patch(':id/members/:userId')
  async changeRole(@CurrentPrincipal() p: Principal, @Id() id: string, @Id('userId') userId: string, @Body() body: ChangeMemberRoleDto): Promise<ConversationDetailsResponse> {
    await this.commands.execute(new ChangeMemberRoleCommand(p, id, userId, body.role));
    return this.queries.execute(new GetConversationQuery(p, id));
  }

  @Post(':id/read')
  @HttpCode(200)
  read(@CurrentPrincipal() p: Principal, @Id() id: string, @Body() body: MarkReadDto): Promise<ReadResponse> {
    return this.commands.execute(new MarkReadCommand(p, id, body.seq));
  }

  @Post(':id/delivered')
  @HttpCode(200)
  delivered(@CurrentPrincipal() p: Principal, @Id() id: string, @Body() body: MarkDeliveredDto): Promise<DeliveredResponse> {
    return this.commands.execute(new MarkDeliveredCommand(p, id, body.seq));
  }

  @Get(':id/reads')
  reads(@CurrentPrincipal() p: Principal, @Id() id: string): Promise<ReadPointersResponse> {
    return this.queries.execute(new ListReadPointersQuery(p, id));
  }

  @Put(':id/mute')
  mute(@CurrentPrincipal() p: Principal, @Id() id: string, @Body() body: SetMuteDto): Promise<MuteResponse> {
    return this.commands.execute(new SetMuteCommand(p, id, body.muted));
  }

  @Put(':id/favourite')
  favourite(@CurrentPrincipal() p: Principal, @Id() id: string, @Body() body: SetFavouriteDto): Promise<FavouriteResponse> {
    return this.commands.execute(new SetFavouriteCommand(p, id, body.favourite));
  }
}
