/**
 * Agents' display names learnt in this browser, per account, in localStorage. The API names a
 * business's agents by user id only, so the names of the people an owner picked as agents are kept
 * here to show who has a conversation.
 */
export class BusinessMemory {
  private readonly key: string;
  private names: Record<string, string>;

  constructor(userId: string) {
    this.key = `chat.businesses.v1.${userId}`;
    this.names = this.read();
  }

  nameOf(userId: string): string | undefined {
    return this.names[userId];
  }

  learnName(userId: string, displayName: string): void {
    this.names[userId] = displayName;
    this.write();
  }

  private read(): Record<string, string> {
    try {
      // Earlier versions kept business ids here too; GET /v1/me/businesses lists them now, so only `names` is read.
      const parsed = JSON.parse(localStorage.getItem(this.key) ?? 'null') as { names?: Record<string, string> } | null;
      return parsed?.names ?? {};
    } catch {
      return {}; // unreadable or blocked storage: nothing remembered
    }
  }

  private write(): void {
    try {
      localStorage.setItem(this.key, JSON.stringify({ names: this.names }));
    } catch {
      // Private modes may refuse storage: remembered for as long as this page lives.
    }
  }
}
