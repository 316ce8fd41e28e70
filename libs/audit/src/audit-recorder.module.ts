import { Module } from '@nestjs/common';
import { AuditModule } from './audit.module';
import { AuditEventsConsumer } from './record-events/audit-events.consumer';
import { AuditRetention } from './retention/audit-retention';

/** The `audit` consumer group and the retention prune: where projections run (all-in-one, the query app). */
@Module({
  imports: [AuditModule],
  providers: [AuditEventsConsumer, AuditRetention],
  exports: [AuditEventsConsumer, AuditRetention],
})
export class AuditRecorderModule {}
