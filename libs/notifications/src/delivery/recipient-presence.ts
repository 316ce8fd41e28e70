import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, PRESENCE_STORE, type Clock, type PresenceKey, type PresenceRecord, type PresenceStore } from '@chat/platform';

/** Recipients' presence now, from the store every gateway writes (memory in one process, Redis when split). */
@Injectable()
export class RecipientPresence {
  constructor(
    @Inject(PRESENCE_STORE) private readonly store: PresenceStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Records in the order asked; users the store does not know have no devices and were never seen. */
  read(keys: readonly PresenceKey[]): Promise<PresenceRecord[]> {
    return this.store.read(keys, this.clock.now());
  }
}
