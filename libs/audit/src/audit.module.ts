import { Module } from '@nestjs/common';
import { AuditLogRepository } from './audit-log.repository';
import { AuditInterceptor } from './record-requests/audit.interceptor';
import { SocketCallAudit } from './record-requests/socket-call-audit';

/** What a feature module imports to put @Audited on its routes (or SocketCallAudit around socket events), and what the log's readers use. */
@Module({
  providers: [AuditLogRepository, AuditInterceptor, SocketCallAudit],
  exports: [AuditLogRepository, AuditInterceptor, SocketCallAudit],
})
export class AuditModule {}
