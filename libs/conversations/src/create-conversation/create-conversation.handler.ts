import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import { ErrorCode, type Conversation } from '@chat/contracts';
import { DomainError, assertMayContact, channelNameKey, directKey, initialMembers } from '@chat/domain';
import { UserBlocksRepository, UsersRepository } from '@chat/identity';
import { isUniqueViolation, type ConversationClientRequest, type ConversationEntity } from '@chat/persistence';
import { APP_CONFIG, UserRateLimits, ValidationError, assertText, type AppConfig } from '@chat/platform';
import { ConversationFounding } from '../shared/conversation-founding';
import { toConversation } from '../shared/conversation.mapper';
import { ConversationsRepository } from '../shared/conversations.repository';
import { clientRequestOf, differingFields, type Wanted } from './client-request';
import { CreateConversationCommand } from './create-conversation.command';

@CommandHandler(CreateConversationCommand)
export class CreateConversationHandler implements ICommandHandler<CreateConversationCommand> {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersRepository,
    private readonly blocks: UserBlocksRepository,
    private readonly founding: ConversationFounding,
    private readonly rates: UserRateLimits,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, input }: CreateConversationCommand): Promise<{ conversation: Conversation; created: boolean }> {
    const { tenantId, userId } = principal;
    const name = input.name?.trim() || null;
    if (input.type === 'channel' && !name) throw new ValidationError([{ field: 'name', problem: 'is required for a channel' }]);
    assertText('name', name, this.config.limits.conversationNameMaxChars);
    assertText('description', input.description, this.config.limits.descriptionMaxChars);
    const e2ee = input.e2ee === true;
    if (e2ee && input.type !== 'group' && input.type !== 'direct') {
      throw new DomainError(ErrorCode.E2EE_NOT_SUPPORTED, 'Only groups and direct conversations can be end-to-end encrypted', 'Create a group, or leave out e2ee');
    }
    assertText('clientRequestId', input.clientRequestId, 100);
    const clientRequestId = input.clientRequestId ?? null;
    const memberIds = initialMembers(input.type, userId, input.memberIds ?? [], this.config.limits);
    const wanted: Wanted = {
      type: input.type,
      name,
      description: input.description?.trim() || null,
      visibility: input.type === 'channel' ? (input.visibility ?? 'public') : 'private',
      e2ee,
      memberIds,
    };
    // A retry of a create already done answers that conversation, before anything that could refuse it now (rate, blocks).
    if (clientRequestId) {
      const replay = await this.replayOf(tenantId, userId, clientRequestId, wanted);
      if (replay) return replay;
    }
    const found = await this.users.findActive(tenantId, memberIds);
    if (found.length !== memberIds.length) throw new DomainError(ErrorCode.USER_NOT_FOUND, 'Some memberIds are not users here', 'Check the user ids');
    // Nobody starts a conversation with, or puts into one, someone on the other side of a block (the existing direct one included).
    assertMayContact(await this.blocks.between(tenantId, userId, memberIds.slice(1)), userId, memberIds);

    // The encrypted direct conversation of a pair is a conversation of its own beside the plaintext one.
    const pair = input.type === 'direct' ? directKey(memberIds[0], memberIds[1], e2ee) : null;
    if (pair) {
      const existing = await this.conversations.findDirect(tenantId, pair);
      if (existing) return { conversation: toConversation(existing), created: false };
    }
    // Past RATE_LIMIT_CONVERSATIONS_PER_MINUTE this throws RateLimitedError (429) before anything is written.
    await this.rates.spend('conversationsPerMinute', userId);
    try {
      const row = {
        id: uuidv7(),
        tenantId,
        type: input.type,
        name,
        nameKey: name && input.type === 'channel' ? channelNameKey(name) : null,
        description: wanted.description,
        visibility: wanted.visibility,
        directKey: pair,
        createdBy: userId,
        clientRequestId,
        clientRequest: clientRequestId ? clientRequestOf(wanted) : null,
        memberCount: 0,
        e2ee,
      };
      const roles = memberIds.map((id) => ({ userId: id, role: id === userId && input.type !== 'direct' ? ('owner' as const) : ('member' as const) }));
      const created = await this.conversations.transaction((em) => this.founding.found(em, row, roles));
      return { conversation: toConversation(created), created: true };
    } catch (err) {
      if (clientRequestId && isUniqueViolation(err)) {
        // A concurrent create with the same clientRequestId won the race to insert (its channel name or
        // direct pair may be the index that noticed first): answer that one. Postgres raises the violation
        // only once the winner committed, so its row is there to read.
        const replay = await this.replayOf(tenantId, userId, clientRequestId, wanted);
        if (replay) return replay;
      }
      if (isUniqueViolation(err, 'conversations_channel_name')) {
        throw new DomainError(ErrorCode.CHANNEL_NAME_TAKEN, 'A channel with this name exists', 'Join the existing channel or pick another name', { cause: err });
      }
      if (isUniqueViolation(err, 'conversations_direct_pair')) {
        // The same pair was created concurrently: return that one.
        return { conversation: toConversation((await this.conversations.findDirect(tenantId, pair!))!), created: false };
      }
      throw err;
    }
  }

  /**
   * The conversation this creator made with `clientRequestId`, when the retry asks for the same one;
   * null when there is none. The retry is compared with what the first request asked for, whatever
   * happened to the conversation since.
   */
  private async replayOf(tenantId: string, userId: string, clientRequestId: string, wanted: Wanted): Promise<{ conversation: Conversation; created: boolean } | null> {
    const stored = await this.conversations.findByClientRequest(tenantId, userId, clientRequestId);
    if (!stored) return null;
    if (stored.deletedAt) {
      throw new DomainError(ErrorCode.CONVERSATION_NOT_FOUND, 'The conversation this clientRequestId created was deleted since', 'Send a new clientRequestId to create another');
    }
    const differing = differingFields(stored.clientRequest ?? (await this.asItIsNow(stored)), clientRequestOf(wanted));
    if (differing.length > 0) {
      throw new DomainError(
        ErrorCode.CLIENT_REQUEST_ID_REUSED,
        `This clientRequestId created conversation ${stored.id} with a different ${differing.join(', ')}`,
        'Send the same fields as the first request, or a new clientRequestId for a new conversation',
      );
    }
    return { conversation: toConversation(stored), created: false };
  }

  /**
   * Rows created before migration 1801352790000 stored no request: the conversation as it is now stands
   * in for it, with the founding members still there (a retry after one of them left is refused).
   */
  private async asItIsNow(stored: ConversationEntity): Promise<ConversationClientRequest> {
    const memberIds = await this.conversations.foundingMemberIds(stored.tenantId, stored.id);
    return clientRequestOf({ type: stored.type, name: stored.name, description: stored.description, visibility: stored.visibility, e2ee: stored.e2ee, memberIds });
  }
}
