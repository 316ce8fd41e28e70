import { Module } from '@nestjs/common';
import { TenantQuotas } from './tenant-quotas';

/**
 * The tenants' quotas: imported by the features that enforce or report them (sends, the socket
 * handshake, uploads, the usage route). One TenantQuotas per app however many import it (Nest keeps
 * one instance of a static module), so a change made through this node clears the one cache.
 * Needs DatabaseModule and the platform's adapters in the app.
 */
@Module({
  providers: [TenantQuotas],
  exports: [TenantQuotas],
})
export class TenantQuotasModule {}
