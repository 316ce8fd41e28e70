import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import type { Principal } from '@chat/identity';
import { PersonalDataRepository } from './personal-data.repository';
import { writeChunk as write } from './write-chunk';

/**
 * Writes an account's data export (seed 003, req. 11.3) as one JSON document: the profile and
 * everything small first, then the messages streamed in batches, honouring the stream's
 * backpressure, so an account with millions of messages costs the server one batch of memory.
 */
@Injectable()
export class AccountExport {
  constructor(private readonly data: PersonalDataRepository) {}

  async writeTo(out: Writable, principal: Principal): Promise<void> {
    const { tenantId, userId } = principal;
    const profile = await this.data.profile(tenantId, userId);
    const head = JSON.stringify({ format: 'chat-account-export/1', exportedAt: new Date().toISOString(), ...profile });
    // The head is an object: reopen it to append the messages array, the one part that streams.
    await write(out, `${head.slice(0, -1)},"messages":[`);
    let first = true;
    await this.data.eachMessageBatch(tenantId, userId, async (rows) => {
      const items = rows.map((r) => JSON.stringify({ ...r, seq: Number(r.seq), replyToSeq: r.replyToSeq === null ? null : Number(r.replyToSeq) }));
      await write(out, `${first ? '' : ','}${items.join(',')}`);
      first = false;
    });
    await write(out, ']}');
  }
}
