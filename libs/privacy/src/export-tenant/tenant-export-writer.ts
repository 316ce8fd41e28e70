import { Inject, Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import type { TenantExportCounts, TenantExportRecord } from '@chat/contracts';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { writeChunk } from '../export-data/write-chunk';
import { businessConversationRecord, conversationRecord, headerRecord, line, membershipRecord, messageRecord, pinRecord, reportRecord } from './export-records';
import { keysetPages } from './keyset-pages';
import { TenantDataRepository } from './tenant-data.repository';

type Row = Record<string, unknown>;
const id = (row: Row) => row.id as string;
const userId = (row: Row) => row.userId as string;
/** A row as a record of `type`, its columns as they were read. */
const typed = (type: TenantExportRecord['type']) => (row: Row): TenantExportRecord => ({ ...row, type });

/** Where one export's records go (the stream, honouring its backpressure), and the counts of what went. */
class ExportSink {
  readonly counts: TenantExportCounts = {
    users: 0, blocks: 0, conversations: 0, memberships: 0, bans: 0, messages: 0, tombstones: 0, reactions: 0, pins: 0, reports: 0,
    businesses: 0, businessAgents: 0, businessConversations: 0, moderationActions: 0,
  };

  /** `signal`: stop between two pages (a shutdown), throwing its reason. */
  constructor(
    private readonly out: Writable,
    private readonly signal?: AbortSignal,
  ) {}

  emit(records: TenantExportRecord[]): Promise<void> {
    this.signal?.throwIfAborted();
    return writeChunk(this.out, records.map(line).join(''));
  }

  /** Writes every page's rows as records, counting them under `count`. */
  async copy(pages: AsyncIterable<Row[]>, toRecord: (row: Row) => TenantExportRecord, count: keyof TenantExportCounts): Promise<void> {
    for await (const rows of pages) {
      await this.emit(rows.map(toRecord));
      this.counts[count] += rows.length;
    }
  }
}

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
    const sink = new ExportSink(out, signal);

    await sink.emit([headerRecord(tenantId, exportId, new Date()), { id: tenantId, ...(await this.data.tenant(tenantId)), type: 'tenant' }]);
    for await (const users of keysetPages(n, id, (after) => this.data.users(tenantId, after, n))) {
      await sink.emit(users.map(typed('user')));
      sink.counts.users += users.length;
      const blockerIds = users.map(id);
      await sink.copy(keysetPages(n, (b: Row) => b, (after) => this.data.blocks(tenantId, blockerIds, after, n)), typed('block'), 'blocks');
    }
    for await (const conversations of keysetPages(n, id, (after) => this.data.conversations(tenantId, after, n))) {
      for (const conversation of conversations) await this.writeConversation(conversation, tenantId, sink);
      sink.counts.conversations += conversations.length;
    }
    for await (const businesses of keysetPages(n, id, (after) => this.data.businesses(tenantId, after, n))) {
      for (const business of businesses) {
        await sink.emit([typed('business')(business)]);
        await sink.copy(keysetPages(n, userId, (after) => this.data.businessAgents(tenantId, id(business), after, n)), typed('businessAgent'), 'businessAgents');
        await sink.copy(
          keysetPages(n, (c: Row) => c.customerId as string, (after) => this.data.businessConversations(tenantId, id(business), after, n)),
          businessConversationRecord,
          'businessConversations',
        );
      }
      sink.counts.businesses += businesses.length;
    }
    await sink.copy(keysetPages(n, id, (after) => this.data.moderationLog(tenantId, after, n)), typed('moderationAction'), 'moderationActions');
    return sink.counts;
  }

  /** The conversation, its members and bans, its messages in seq order (each page followed by its reactions), then its pins and its reports. */
  private async writeConversation(conversation: Row, tenantId: string, sink: ExportSink): Promise<void> {
    const n = this.config.exports.batchRows;
    const conversationId = id(conversation);
    await sink.emit([conversationRecord(conversation)]);
    await sink.copy(keysetPages(n, userId, (after) => this.data.memberships(tenantId, conversationId, after, n)), membershipRecord, 'memberships');
    await sink.copy(keysetPages(n, userId, (after) => this.data.bans(tenantId, conversationId, after, n)), typed('ban'), 'bans');
    for await (const messages of keysetPages(n, (m: Row) => String(m.seq), (after) => this.data.messages(tenantId, conversationId, after, n))) {
      const records = messages.map(messageRecord);
      await sink.emit(records);
      sink.counts.messages += records.length;
      sink.counts.tombstones += records.filter((r) => r.tombstone).length;
      const messageIds = messages.map(id);
      await sink.copy(keysetPages(n, (r: Row) => r, (after) => this.data.reactions(tenantId, messageIds, after, n)), typed('reaction'), 'reactions');
    }
    await sink.copy(keysetPages(n, (p: Row) => String(p.seq), (after) => this.data.pins(tenantId, conversationId, after, n)), pinRecord, 'pins');
    await sink.copy(keysetPages(n, (r: Row) => r, (after) => this.data.reports(tenantId, conversationId, after, n)), reportRecord, 'reports');
  }
}
