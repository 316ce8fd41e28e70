import { DueIndex, earliest } from './due-index';
import type { TypingKey, TypingState, TypingStore } from './typing-store.port';

interface Typist {
  startedAtMs: number;
  untilMs: number;
}

/** TypingStore in this process's memory (the embedded mode). */
export class InMemoryTypingStore implements TypingStore {
  /** "tenant:conversation" → userId → that user's entry */
  private readonly conversations = new Map<string, { key: TypingKey; typists: Map<string, Typist> }>();
  private readonly due = new DueIndex();

  async start(key: TypingKey, userId: string, nowMs: number, untilMs: number, startedAtMs: number): Promise<TypingState> {
    const typists = this.typists(key);
    const wasTyping = (typists.get(userId)?.untilMs ?? 0) > nowMs;
    typists.set(userId, { startedAtMs, untilMs });
    return this.changed(key, typists, nowMs, !wasTyping);
  }

  async stop(key: TypingKey, userId: string, nowMs: number, startedByMs = Infinity): Promise<TypingState> {
    const typists = this.typists(key);
    const entry = typists.get(userId);
    if (entry && entry.startedAtMs > startedByMs) return this.changed(key, typists, nowMs, false);
    const wasTyping = (entry?.untilMs ?? 0) > nowMs;
    typists.delete(userId);
    return this.changed(key, typists, nowMs, wasTyping);
  }

  async list(key: TypingKey, nowMs: number): Promise<string[]> {
    return live(this.conversations.get(id(key))?.typists, nowMs);
  }

  async expire(nowMs: number, limit: number): Promise<{ key: TypingKey; userIds: string[] }[]> {
    return this.due.claim(nowMs, limit).map((k) => {
      const entry = this.conversations.get(k)!;
      for (const [userId, { untilMs }] of entry.typists) if (untilMs <= nowMs) entry.typists.delete(userId);
      this.reschedule(k, entry.typists);
      return { key: entry.key, userIds: live(entry.typists, nowMs) };
    });
  }

  private typists(key: TypingKey): Map<string, Typist> {
    let entry = this.conversations.get(id(key));
    if (!entry) this.conversations.set(id(key), (entry = { key: { tenantId: key.tenantId, conversationId: key.conversationId }, typists: new Map() }));
    return entry.typists;
  }

  private changed(key: TypingKey, typists: Map<string, Typist>, nowMs: number, changed: boolean): TypingState {
    this.reschedule(id(key), typists);
    return { userIds: live(typists, nowMs), changed };
  }

  /** Lapsed entries keep their (past) deadline until `expire` reports their removal. */
  private reschedule(k: string, typists: Map<string, Typist>): void {
    this.due.set(k, earliest([...typists.values()].map((t) => t.untilMs)));
    if (typists.size === 0) this.conversations.delete(k);
  }
}

const id = (key: TypingKey) => `${key.tenantId}:${key.conversationId}`;

function live(typists: Map<string, Typist> | undefined, nowMs: number): string[] {
  return [...(typists ?? [])].filter(([, { untilMs }]) => untilMs > nowMs).map(([userId]) => userId).sort();
}
