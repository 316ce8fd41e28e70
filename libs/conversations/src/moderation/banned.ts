import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import type { EntityManager } from 'typeorm';
import type { ModerationRepository } from './moderation.repository';

/** Refuses a user a ban keeps out of the conversation: joining or reading it from outside (`who` is 'you'), or being invited (in `em`'s transaction, where there is one). */
export async function assertNotBanned(moderation: ModerationRepository, em: EntityManager | undefined, conversationId: string, userId: string, who: 'you' | 'them'): Promise<void> {
  const ban = await moderation.banInForce(conversationId, userId, em);
  if (!ban) return;
  const until = ban.expiresAt ? `until ${ban.expiresAt.toISOString()}` : 'until an admin lifts the ban';
  const subject = who === 'you' ? 'You are' : 'This user is';
  throw new DomainError(ErrorCode.BANNED_FROM_CONVERSATION, `${subject} banned from this conversation ${until}`, 'An owner or admin can lift the ban');
}
