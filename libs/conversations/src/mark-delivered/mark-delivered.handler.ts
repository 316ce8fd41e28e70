import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DeliveredResponse } from '@chat/contracts';
import { tracksDelivery } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { ReceiptAdmission } from '../shared/receipt-admission';
import { DeliveryPointerWriter } from './delivery-pointer-writer';
import { MarkDeliveredCommand } from './mark-delivered.command';

/**
 * Records that messages up to `seq` reached one of my devices. Members only (the same 404/403 as
 * every conversation read, from a look-up at most DELIVERY_RECEIPTS_MEMBERSHIP_CACHE_MS old), within
 * my RATE_LIMIT_RECEIPTS_PER_MINUTE and not while the node sheds load (ReceiptAdmission); the
 * pointer moves when the writer next writes (forward only, never past the last message).
 * Conversations bigger than DELIVERY_RECEIPTS_MAX_MEMBERS keep no pointers.
 * As with reads, a block between the two people of a direct conversation hides nothing here.
 */
@CommandHandler(MarkDeliveredCommand)
export class MarkDeliveredHandler implements ICommandHandler<MarkDeliveredCommand> {
  constructor(
    private readonly admission: ReceiptAdmission,
    private readonly writer: DeliveryPointerWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, conversationId, seq }: MarkDeliveredCommand): Promise<DeliveredResponse> {
    const { tenantId, userId } = principal;
    const memberCount = await this.admission.admitDelivery(tenantId, conversationId, userId);
    if (!tracksDelivery(memberCount, this.config.delivery.maxMembers)) return { tracked: false };
    this.writer.mark({ tenantId, conversationId, userId, seq });
    return { tracked: true };
  }
}
