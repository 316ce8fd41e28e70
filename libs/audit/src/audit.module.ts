import { Module } from '@nestjs/common';
import { AuditLogRepository } from './audit-log.repository';
import { AuditInterceptor } from './record-requests/audit.interceptor';

/** What a feature module imports to put @Audited on its routes, and what the log's readers use. */
@Module({
  providers: [AuditLogRepository, AuditInterceptor],
  exports: [AuditLogRepository, AuditInterceptor],
})
export class AuditModule {}
