import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import type { Principal } from '@chat/identity';
import { PersonalDataRepository } from './personal-data.repository';
import { writeChunk as write } from './write-chunk';

/**
 * Writes an account's data export (seed 003, req. 11.3) as one JSON document: the profile and
 * everything small first, then the reactions, the audit trail and the messages, each streamed in
 * batches, honouring the stream's backpressure, so an account with millions of rows costs the
 * server one batch of memory.
 */
@Injectable()
export class AccountExport {
  constructor(private readonly data: PersonalDataRepository) {}

  async writeTo(out: Writable, principal: Principal): Promise<void> {
    const { tenantId, userId } = principal;
    const profile = await this.data.profile(tenantId, userId);
    const head = JSON.stringify({ format: 'chat-account-export/1', exportedAt: new Date().toISOString(), ...profile });
    // The head is an object: reopen it to append the arrays that stream.
    await write(out, head.slice(0, -1));
    await this.writeArray(out, 'reactions', (handle) => this.data.eachReactionBatch(tenantId, userId, handle));
    await this.writeArray(out, 'auditLog', (handle) => this.data.eachAuditBatch(tenantId, userId, handle));
    await this.writeArray(out, 'messages', (handle) =>
      this.data.eachMessageBatch(tenantId, userId, (rows) => handle(rows.map((r) => ({ ...r, seq: Number(r.seq), replyToSeq: r.replyToSeq === null ? null : Number(r.replyToSeq) })))),
    );
    await write(out, '}');
  }

  /** `,"<name>":[…]`, its items written a batch at a time as `eachBatch` hands them over. */
  private async writeArray(out: Writable, name: string, eachBatch: (handle: (rows: object[]) => Promise<void>) => Promise<void>): Promise<void> {
    await write(out, `,${JSON.stringify(name)}:[`);
    let first = true;
    await eachBatch(async (rows) => {
      await write(out, `${first ? '' : ','}${rows.map((r) => JSON.stringify(r)).join(',')}`);
      first = false;
    });
    await write(out, ']');
  }
}
