import { Inject, Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import type { TenantExportCounts, TenantExportRecord } from '@chat/contracts';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { writeChunk } from '../export-data/write-chunk';
import { businessConversationRecord, conversationRecord, headerRecord, line, membershipRecord, messageRecord, reportRecord } from './export-records';
import { keysetPages } from './keyset-pages';
import { TenantDataRepository } from './tenant-data.repository';

type Row = Record<string, unknown>;
const id = (row: Row) => row.id as string;
const userId = (row: Row) => row.userId as string;

/**
 * Writes one tenant's export as NDJSON (see @chat/contracts tenant-exports.ts for the order of the
 * records), a keyset page of EXPORT_BATCH_ROWS at a time, honouring the stream's backpressure: a
 * tenant of any size costs one page of memory.
 */
@Injectable()
export class TenantExportWriter {
  constructor(
    private readonly data: TenantDataRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `signal`: stop between two pages (a shutdown), throwing its reason. */
  async writeTo(out: Writable, tenantId: string, exportId: string, signal?: AbortSignal): Promise<TenantExportCounts> {
    const n = this.config.exports.batchRows;
    const counts: TenantExportCounts = {
      users: 0, blocks: 0, conversations: 0, memberships: 0, bans: 0, messages: 0, tombstones: 0, reactions: 0, reports: 0,
      businesses: 0, businessAgents: 0, businessConversations: 0, moderationActions: 0,
    };
    const emit = (records: TenantExportRecord[]) => {
      signal?.throwIfAborted();
      return writeChunk(out, records.map(line).join(''));
    };

    await emit([headerRecord(tenantId, exportId, new Date()), { id: tenantId, ...(await this.data.tenant(tenantId)), type: 'tenant' }]);
    for await (const users of keysetPages(n, id, (after) => this.data.users(tenantId, after, n))) {
      await emit(users.map((u) => ({ ...u, type: 'user' })));
      counts.users += users.length;
      const blockerIds = users.map(id);
      for await (const blocks of keysetPages(n, (b: Row) => b, (after) => this.data.blocks(tenantId, blockerIds, after, n))) {
        await emit(blocks.map((b) => ({ ...b, type: 'block' })));
        counts.blocks += blocks.length;
      }
    }
    for await (const conversations of keysetPages(n, id, (after) => this.data.conversations(tenantId, after, n))) {
      for (const conversation of conversations) await this.writeConversation(conversation, tenantId, counts, emit);
      counts.conversations += conversations.length;
    }
    for await (const businesses of keysetPages(n, id, (after) => this.data.businesses(tenantId, after, n))) {
      for (const business of businesses) {
        await emit([{ ...business, type: 'business' }]);
        for await (const agents of keysetPages(n, userId, (after) => this.data.businessAgents(tenantId, id(business), after, n))) {
          await emit(agents.map((a) => ({ ...a, type: 'businessAgent' })));
          counts.businessAgents += agents.length;
        }
        for await (const links of keysetPages(n, (c: Row) => c.customerId as string, (after) => this.data.businessConversations(tenantId, id(business), after, n))) {
          await emit(links.map(businessConversationRecord));
          counts.businessConversations += links.length;
        }
      }
      counts.businesses += businesses.length;
    }
    for await (const actions of keysetPages(n, id, (after) => this.data.moderationLog(tenantId, after, n))) {
      await emit(actions.map((a) => ({ ...a, type: 'moderationAction' })));
      counts.moderationActions += actions.length;
    }
    return counts;
  }

  /** The conversation, its members and bans, its messages in seq order (each page followed by its reactions), then its reports. */
  private async writeConversation(conversation: Row, tenantId: string, counts: TenantExportCounts, emit: (records: TenantExportRecord[]) => Promise<void>): Promise<void> {
    const n = this.config.exports.batchRows;
    const conversationId = id(conversation);
    await emit([conversationRecord(conversation)]);
    for await (const members of keysetPages(n, userId, (after) => this.data.memberships(tenantId, conversationId, after, n))) {
      await emit(members.map(membershipRecord));
      counts.memberships += members.length;
    }
    for await (const bans of keysetPages(n, userId, (after) => this.data.bans(tenantId, conversationId, after, n))) {
      await emit(bans.map((b) => ({ ...b, type: 'ban' })));
      counts.bans += bans.length;
    }
    for await (const messages of keysetPages(n, (m: Row) => String(m.seq), (after) => this.data.messages(tenantId, conversationId, after, n))) {
      const records = messages.map(messageRecord);
      await emit(records);
      counts.messages += records.length;
      counts.tombstones += records.filter((r) => r.tombstone).length;
      const messageIds = messages.map(id);
      for await (const reactions of keysetPages(n, (r: Row) => r, (after) => this.data.reactions(tenantId, messageIds, after, n))) {
        await emit(reactions.map((r) => ({ ...r, type: 'reaction' })));
        counts.reactions += reactions.length;
      }
    }
    for await (const reports of keysetPages(n, (r: Row) => r, (after) => this.data.reports(tenantId, conversationId, after, n))) {
      await emit(reports.map(reportRecord));
      counts.reports += reports.length;
    }
  }
}
