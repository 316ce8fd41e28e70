const KEY = 'chat.drafts.v1';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

interface Stored {
  userId: string;
  drafts: Record<string, string>;
}

/**
 * Unsent drafts, per conversation, kept in this tab's sessionStorage (`chat.drafts.v1`) so that a
 * login ending under the user (refresh refused, login revoked: the page reloads to the login
 * screen) does not take what they were typing with it. They belong to one account: the same user
 * logging in again in this tab gets them back; anyone else logging in here drops them unseen, and
 * logging out on purpose drops them too. Storage that refuses only means drafts live in the page.
 */
export class DraftStore {
  private drafts: Record<string, string> = {};

  constructor(
    private readonly userId: string,
    private readonly storage: Store = sessionStorage,
  ) {
    const stored = this.read();
    if (stored?.userId === userId) this.drafts = stored.drafts;
    else if (stored) this.clear(); // another account's: never shown to this one
  }

  get(conversationId: string): string {
    return this.drafts[conversationId] ?? '';
  }

  set(conversationId: string, text: string): void {
    if (text) this.drafts[conversationId] = text;
    else delete this.drafts[conversationId];
    this.write();
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

function isStored(value: unknown): value is Stored {
  if (typeof value !== 'object' || value === null) return false;
  const { userId, drafts } = value as Partial<Stored>;
  return typeof userId === 'string' && typeof drafts === 'object' && drafts !== null && Object.values(drafts).every((d) => typeof d === 'string');
}
