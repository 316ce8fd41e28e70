import { Injectable } from '@nestjs/common';
import type { AppliedEventLog } from './applied-event-log.port';

/** Per-process log of applied event ids, bounded per group (oldest forgotten first). */
@Injectable()
export class InMemoryAppliedEventLog implements AppliedEventLog {
  private readonly groups = new Map<string, Set<string>>();

  constructor(private readonly maxPerGroup = 100_000) {}

  async wasApplied(group: string, eventId: string): Promise<boolean> {
    return this.groups.get(group)?.has(eventId) ?? false;
  }

  async markApplied(group: string, eventId: string): Promise<void> {
    let ids = this.groups.get(group);
    if (!ids) this.groups.set(group, (ids = new Set()));
    ids.add(eventId);
    // A Set iterates in insertion order, so the first entry is the oldest.
    if (ids.size > this.maxPerGroup) ids.delete(ids.values().next().value!);
  }
}
