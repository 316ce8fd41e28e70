import type { NamedMember } from './mention-text';

const KEY = 'chat.drafts.v1';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** What is unsent in one conversation's box: its text, and who was picked with "@" in it (`MentionPicker`), by the name written then. */
export interface Draft {
  text: string;
  picks: readonly NamedMember[];
}

export const EMPTY_DRAFT: Draft = { text: '', picks: [] };

/**
 * What KEY holds. A draft may also be a plain string, as the release before picks were kept wrote
 * it: its text, with nobody picked. The format only grew (as the outbox's sends grew replyTo and
 * mentions under chat.outbox.v1), so the key keeps its name: a v2 key would need the v1 drafts
 * migrated to keep them, and would spare nothing, as a page of the previous release (a rollback)
 * finds no drafts it can read either way (it drops the new form as malformed).
 */
interface Stored {
  userId: string;
  drafts: Record<string, Draft | string>;
}

/**
 * Unsent drafts, per conversation, kept in this tab's sessionStorage (`chat.drafts.v1`) so that a
 * login ending under the user (refresh refused, login revoked: the page reloads to the login
 * screen) does not take what they were typing with it, nor who it mentions. They belong to one
 * account: the same user logging in again in this tab gets them back; anyone else logging in here
 * drops them unseen, and logging out on purpose drops them too. Storage that refuses only means
 * drafts live in the page.
 */
export class DraftStore {
  private drafts: Record<string, Draft> = {};
  /** The conversations whose drafts were read from storage (see forgetRestoredOutside). */
  private readonly restored: ReadonlySet<string>;

  constructor(
    private readonly userId: string,
    private readonly storage: Store = sessionStorage,
  ) {
    const stored = this.read();
    if (stored?.userId === userId) this.drafts = withPicks(stored.drafts);
    else if (stored) this.clear(); // another account's: never shown to this one
    this.restored = new Set(Object.keys(this.drafts));
  }

  get(conversationId: string): Draft {
    return this.drafts[conversationId] ?? EMPTY_DRAFT;
  }

  /** A draft without text is dropped, picks and all: they named someone in text that is gone. */
  set(conversationId: string, draft: Draft): void {
    if (draft.text) this.drafts[conversationId] = draft;
    else delete this.drafts[conversationId];
    this.write();
  }

  /**
   * The conversation list as the server has it now: a draft kept from an earlier page whose
   * conversation is not in it (left, removed or deleted while no page of this tab listened) is
   * dropped, so it cannot come back if I am added again. Drafts begun in this page are left alone:
   * a conversation made a moment ago may be newer than the list.
   */
  forgetRestoredOutside(conversationIds: ReadonlySet<string>): void {
    for (const id of this.restored) if (!conversationIds.has(id) && this.drafts[id]) this.set(id, EMPTY_DRAFT);
  }

  /** The conversations of the drafts read from storage that are still kept. */
  restoredConversations(): string[] {
    return [...this.restored].filter((id) => this.drafts[id]);
  }

  clear(): void {
    this.drafts = {};
    this.attempt(() => this.storage.removeItem(KEY));
  }

  private read(): Stored | null {
    try {
      const parsed: unknown = JSON.parse(this.storage.getItem(KEY) ?? 'null');
      return isStored(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }

  private write(): void {
    const value: Stored = { userId: this.userId, drafts: this.drafts };
    this.attempt(() => (Object.keys(this.drafts).length ? this.storage.setItem(KEY, JSON.stringify(value)) : this.storage.removeItem(KEY)));
  }

  private attempt(write: () => void): void {
    try {
      write();
    } catch {
      // Full or refused: the drafts stay in this page only.
    }
  }
}

/** The previous release's text-only drafts as drafts with nobody picked. */
function withPicks(drafts: Stored['drafts']): Record<string, Draft> {
  return Object.fromEntries(Object.entries(drafts).map(([id, draft]) => [id, typeof draft === 'string' ? { text: draft, picks: [] } : draft]));
}

function isStored(value: unknown): value is Stored {
  if (typeof value !== 'object' || value === null) return false;
  const { userId, drafts } = value as Partial<Stored>;
  return typeof userId === 'string' && typeof drafts === 'object' && drafts !== null && Object.values(drafts).every((d) => typeof d === 'string' || isDraft(d));
}

function isDraft(value: unknown): value is Draft {
  const d = value as Partial<Draft> | null;
  return typeof d?.text === 'string' && Array.isArray(d.picks) && d.picks.every((p) => typeof p?.userId === 'string' && typeof p?.name === 'string');
}
