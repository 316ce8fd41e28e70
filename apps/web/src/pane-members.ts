import type { ConversationMember, PresenceStatus, User } from '@chat/contracts';
import { t } from './i18n/active-locale';

/**
 * Who is in the open conversation, and the name and picture of everyone seen as a member. Names
 * and pictures outlive the conversation (a person's name is the same everywhere), so they are
 * known at once when another opens; the members go with it (clear). The pane draws what this
 * answers (senders, seen marks, the header, the mention list) and redraws when it changes.
 */
export class PaneMembers {
  /** Display names by user id, kept across conversations. */
  private readonly names = new Map<string, string>();
  /** Members' pictures (User.avatarUrl) by id, beside their names. */
  private readonly avatars = new Map<string, string | null>();
  private members: ConversationMember[] = [];
  /** Member loads in flight: meanwhile an unknown sender is "…", not yet a "Former member". */
  private loads = 0;

  constructor(private readonly me: User) {}

  /** The open conversation's members, me among them. */
  get all(): ConversationMember[] {
    return this.members;
  }

  /** The members other than me. */
  others(): ConversationMember[] {
    return this.members.filter((m) => m.userId !== this.me.id);
  }

  isMember(userId: string): boolean {
    return this.members.some((m) => m.userId === userId);
  }

  /** Whether a name is known for this user (a sender who just joined is not, until members load). */
  knowsName(userId: string): boolean {
    return this.names.has(userId);
  }

  nameOf(userId: string): string {
    if (userId === this.me.id) return t('pane.you');
    return this.names.get(userId) ?? (this.loads ? '…' : t('pane.formerMember'));
  }

  avatarOf(userId: string): string | null {
    return userId === this.me.id ? this.me.avatarUrl : (this.avatars.get(userId) ?? null);
  }

  /** The name a mention of this user is written with (mine too, unlike nameOf's "You"). */
  mentionedAs(userId: string): string | undefined {
    return this.names.get(userId) ?? (userId === this.me.id ? this.me.displayName : undefined);
  }

  myRole(): ConversationMember['role'] | undefined {
    return this.members.find((m) => m.userId === this.me.id)?.role;
  }

  /** The members as just loaded; their names and pictures are learnt. */
  set(members: ConversationMember[]): void {
    this.members = members;
    for (const m of members) {
      this.names.set(m.userId, m.displayName);
      this.avatars.set(m.userId, m.avatarUrl ?? null);
    }
  }

  /** A `presence` frame; false when it is not about a member (nothing to redraw). */
  setPresence(userId: string, presence: PresenceStatus, lastSeenAt: string | null): boolean {
    if (!this.isMember(userId)) return false;
    this.members = this.members.map((m) => (m.userId === userId ? { ...m, presence, lastSeenAt } : m));
    return true;
  }

  /** A `user.updated` frame: a known name and picture follow it; false when it is not about a member. */
  rename(userId: string, displayName: string, avatarUrl: string | null): boolean {
    if (this.names.has(userId)) this.names.set(userId, displayName);
    if (this.avatars.has(userId)) this.avatars.set(userId, avatarUrl);
    if (!this.isMember(userId)) return false;
    this.set(this.members.map((m) => (m.userId === userId ? { ...m, displayName, avatarUrl } : m)));
    return true;
  }

  remove(userId: string): void {
    this.members = this.members.filter((m) => m.userId !== userId);
  }

  loadStarted(): void {
    this.loads++;
  }

  /** A load ended; true when it was the last in flight (unknown names are settled now). */
  loadEnded(): boolean {
    return --this.loads === 0;
  }

  /** Another conversation opens (or none): no members, and no load of the last one counts. */
  clear(): void {
    this.members = [];
    this.loads = 0;
  }
}
