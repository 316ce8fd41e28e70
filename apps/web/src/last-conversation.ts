import type { Conversation } from '@chat/contracts';
import { channelNameKey } from '@chat/domain';

const KEY_PREFIX = 'chat.lastConversation.v1.';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * The conversation a user last had open in this browser, opened again when the chat starts
 * without a `#conversation=` link (after a login or a reload). Kept per account (localStorage
 * `chat.lastConversation.v1.<userId>`), so another person logging in on the same browser does not
 * land in it. Storage that refuses (private modes, quota) only means nothing is remembered.
 */
export class LastConversation {
  constructor(
    private readonly userId: string,
    private readonly storage: Store = localStorage,
  ) {}

  get(): string | null {
    try {
      return this.storage.getItem(KEY_PREFIX + this.userId);
    } catch {
      return null;
    }
  }

  remember(conversationId: string): void {
    this.attempt(() => this.storage.setItem(KEY_PREFIX + this.userId, conversationId));
  }

  /** The pane was closed (by the user, or the conversation went away): nothing to reopen. */
  forget(): void {
    this.attempt(() => this.storage.removeItem(KEY_PREFIX + this.userId));
  }

  private attempt(write: () => void): void {
    try {
      write();
    } catch {
      // Not remembered: the next start shows "Pick a conversation", as before.
    }
  }
}

/**
 * Where a start with nothing remembered lands (seed 002 US2.2): the first of the tenant's default
 * channels (`GET /v1/me` `defaultChannels`, in their order) that is in my list, names compared as
 * the server compares channel names, so a new user opens `general` rather than an empty pane.
 */
export function firstDefaultChannel(conversations: readonly Pick<Conversation, 'id' | 'type' | 'name'>[], defaultChannels: readonly string[]): string | null {
  for (const name of defaultChannels) {
    const found = conversations.find((c) => c.type === 'channel' && c.name !== null && channelNameKey(c.name) === channelNameKey(name));
    if (found) return found.id;
  }
  return null;
}
