import { Module } from '@nestjs/common';
import { TenantUsageRepository } from './tenant-usage.repository';
import { UsageFlusher } from './usage-flusher';
import { UsageMeter } from './usage-meter';

/**
 * Per-tenant usage metering: imported by the features that meter (the socket gateway, media
 * downloads). One meter and one flusher per app however many import it (Nest keeps one instance
 * of a static module). Needs DatabaseModule in the app.
 */
@Module({
  providers: [UsageMeter, UsageFlusher, TenantUsageRepository],
  exports: [UsageMeter, UsageFlusher, TenantUsageRepository],
})
export class UsageMeteringModule {}
