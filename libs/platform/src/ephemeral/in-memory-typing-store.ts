import { DueIndex, earliest } from './due-index';
import type { TypingKey, TypingState, TypingStore } from './typing-store.port';

/** TypingStore in this process's memory (the embedded mode). */
export class InMemoryTypingStore implements TypingStore {
  /** "tenant:conversation" → userId → until */
  private readonly conversations = new Map<string, { key: TypingKey; typists: Map<string, number> }>();
  private readonly due = new DueIndex();

  async start(key: TypingKey, userId: string, nowMs: number, untilMs: number): Promise<TypingState> {
    const typists = this.typists(key);
    const wasTyping = (typists.get(userId) ?? 0) > nowMs;
    typists.set(userId, untilMs);
    return this.changed(key, typists, nowMs, !wasTyping);
  }

  async stop(key: TypingKey, userId: string, nowMs: number): Promise<TypingState> {
    const typists = this.typists(key);
    const wasTyping = (typists.get(userId) ?? 0) > nowMs;
    typists.delete(userId);
    return this.changed(key, typists, nowMs, wasTyping);
  }

  async list(key: TypingKey, nowMs: number): Promise<string[]> {
    return live(this.conversations.get(id(key))?.typists, nowMs);
  }

  async expire(nowMs: number, limit: number): Promise<{ key: TypingKey; userIds: string[] }[]> {
    return this.due.claim(nowMs, limit).map((k) => {
      const entry = this.conversations.get(k)!;
      for (const [userId, until] of entry.typists) if (until <= nowMs) entry.typists.delete(userId);
      this.reschedule(k, entry.typists);
      return { key: entry.key, userIds: live(entry.typists, nowMs) };
    });
  }

  private typists(key: TypingKey): Map<string, number> {
    let entry = this.conversations.get(id(key));
    if (!entry) this.conversations.set(id(key), (entry = { key: { tenantId: key.tenantId, conversationId: key.conversationId }, typists: new Map() }));
    return entry.typists;
  }

  private changed(key: TypingKey, typists: Map<string, number>, nowMs: number, changed: boolean): TypingState {
    this.reschedule(id(key), typists);
    return { userIds: live(typists, nowMs), changed };
  }

  /** Lapsed entries keep their (past) deadline until `expire` reports their removal. */
  private reschedule(k: string, typists: Map<string, number>): void {
    this.due.set(k, earliest(typists.values()));
    if (typists.size === 0) this.conversations.delete(k);
  }
}

const id = (key: TypingKey) => `${key.tenantId}:${key.conversationId}`;

function live(typists: Map<string, number> | undefined, nowMs: number): string[] {
  return [...(typists ?? [])].filter(([, until]) => until > nowMs).map(([userId]) => userId).sort();
}
