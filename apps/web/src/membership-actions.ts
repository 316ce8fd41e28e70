import type { Conversation, ConversationMember, MemberRole } from '@chat/contracts';
import type { ConversationDirectory } from './conversation-directory';
import type { ModerationChoice } from './conversation-header';
import type { Notifier } from './notifier';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

export interface MembershipDeps {
  api: SessionApi;
  directory: ConversationDirectory;
  notifier: Notifier;
  /** My membership of `conversationId` ended here (left or deleted), with words for it: what the conversation left behind goes (ChatApp.lose). */
  membershipEnded(conversationId: string, notice: string): void;
}

/**
 * What the header's buttons do to memberships, each asked for confirmation first: leaving,
 * deleting the conversation, removing or banning a member. When my own membership ends, the
 * unsent messages and draft of that conversation go with it (`membershipEnded`).
 */
export class MembershipActions {
  constructor(private readonly deps: MembershipDeps) {}

  async leave(c: Conversation): Promise<void> {
    const title = this.deps.directory.titleOf(c);
    if (!confirm(t('membership.confirmLeave', { title }))) return;
    await this.endMembership(c, () => this.deps.api.leave(c.id), t('membership.left', { title }));
  }

  async delete(c: Conversation): Promise<void> {
    const title = this.deps.directory.titleOf(c);
    if (!confirm(t('membership.confirmDelete', { title }))) return;
    await this.endMembership(c, () => this.deps.api.deleteConversation(c.id), t('membership.deleted', { title }));
  }

  async moderate(c: Conversation, member: ConversationMember, action: ModerationChoice): Promise<void> {
    const title = this.deps.directory.titleOf(c);
    const question = t(action === 'ban' ? 'membership.confirmBan' : 'membership.confirmRemove', { name: member.displayName, title });
    if (!confirm(question)) return;
    try {
      if (action === 'ban') await this.deps.api.ban(c.id, { userId: member.userId });
      else await this.deps.api.kick(c.id, member.userId);
    } catch (err) {
      return this.deps.notifier.error(err);
    }
    this.deps.notifier.info(t(action === 'ban' ? 'membership.banned' : 'membership.removed', { name: member.displayName, title }));
  }

  /** The owner makes a member an admin or takes it back; the member list follows the `member.updated` frame. */
  async changeRole(c: Conversation, member: ConversationMember, role: MemberRole): Promise<boolean> {
    try {
      await this.deps.api.changeRole(c.id, member.userId, role);
    } catch (err) {
      this.deps.notifier.error(err);
      return false;
    }
    const title = this.deps.directory.titleOf(c);
    this.deps.notifier.info(t(role === 'admin' ? 'membership.madeAdmin' : 'membership.adminRemoved', { name: member.displayName, title }));
    return true;
  }

  private async endMembership(c: Conversation, call: () => Promise<void>, notice: string): Promise<void> {
    try {
      await call();
    } catch (err) {
      return this.deps.notifier.error(err);
    }
    this.deps.membershipEnded(c.id, notice);
  }
}
