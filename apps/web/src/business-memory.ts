/** Businesses remembered per account: enough for the ones a person deals with, not a directory. */
const MAX_BUSINESSES = 20;

interface Remembered {
  /** Business ids, most recently used first. */
  businesses: string[];
  /** Display names of agents by user id, learnt when they were picked. */
  names: Record<string, string>;
}

/**
 * What this browser remembers about businesses for one account, in localStorage. The API has no
 * way to list businesses (no search, no "mine") and names agents only by user id, so the ids I
 * created, looked up or messaged, and the names of the agents I added, are kept here; without
 * them a business would have to be found by its pasted id again after every reload.
 */
export class BusinessMemory {
  private readonly key: string;
  private state: Remembered;

  constructor(userId: string) {
    this.key = `chat.businesses.v1.${userId}`;
    this.state = this.read();
  }

  get ids(): readonly string[] {
    return this.state.businesses;
  }

  nameOf(userId: string): string | undefined {
    return this.state.names[userId];
  }

  /** Puts the business first (it was just used). */
  remember(businessId: string): void {
    this.state.businesses = [businessId, ...this.state.businesses.filter((id) => id !== businessId)].slice(0, MAX_BUSINESSES);
    this.write();
  }

  /** A business the server no longer knows. */
  forget(businessId: string): void {
    this.state.businesses = this.state.businesses.filter((id) => id !== businessId);
    this.write();
  }

  learnName(userId: string, displayName: string): void {
    this.state.names[userId] = displayName;
    this.write();
  }

  private read(): Remembered {
    try {
      const parsed = JSON.parse(localStorage.getItem(this.key) ?? 'null') as Partial<Remembered> | null;
      return { businesses: Array.isArray(parsed?.businesses) ? parsed.businesses.filter((id) => typeof id === 'string') : [], names: parsed?.names ?? {} };
    } catch {
      return { businesses: [], names: {} }; // unreadable or blocked storage: nothing remembered
    }
  }

  private write(): void {
    try {
      localStorage.setItem(this.key, JSON.stringify(this.state));
    } catch {
      // Private modes may refuse storage: remembered for as long as this page lives.
    }
  }
}
