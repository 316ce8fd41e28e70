import { Injectable, Logger } from '@nestjs/common';
import type { AuditAction } from '@chat/contracts';
import { toApiError } from '@chat/platform';
import { AuditLogRepository } from '../audit-log.repository';
import { callEntry } from './call-entry';

/** Who made a socket call, from where. */
export interface SocketCaller {
  tenantId: string;
  userId: string;
  ip: string | null;
}

/**
 * The socket events' counterpart of @Audited: runs a call and records its outcome before the
 * answer leaves, so history served over a socket has its entry as a page served over REST does.
 */
@Injectable()
export class SocketCallAudit {
  private readonly logger = new Logger(SocketCallAudit.name);

  constructor(private readonly auditLog: AuditLogRepository) {}

  async run<T>(action: AuditAction, caller: SocketCaller, about: { conversation: unknown; details: Record<string, unknown> }, work: () => Promise<T>): Promise<T> {
    const call = { action, tenantId: caller.tenantId, occurredAt: new Date(), ip: caller.ip, ...about };
    let result: T;
    try {
      result = await work();
    } catch (err) {
      await this.auditLog
        .record([callEntry(call, 'failure', caller.userId, toApiError(err, '').body.code)])
        .catch((auditErr: unknown) => this.logger.error({ err: auditErr, action }, 'Could not record a failed call in the audit log'));
      throw err;
    }
    await this.auditLog.record([callEntry(call, 'success', caller.userId, null)]);
    return result;
  }
}
