import { Logger } from '@nestjs/common';
import type { Ack } from '@chat/contracts';
import { currentRequestId, runWithRequestId, toApiError } from '@chat/platform';
import { randomUUID } from 'node:crypto';

const logger = new Logger('SocketEvent');

/**
 * Runs one client event under its own correlation id and turns the outcome into the contract's
 * ack: `{ok: true, ...result}` or `{ok: false, error}` with the same error shape REST uses.
 */
export function answer<T extends object>(event: string, work: () => Promise<T>, onOutcome: (ok: boolean) => void): Promise<Ack<T>> {
  return runWithRequestId(randomUUID(), async () => {
    try {
      const result = await work();
      onOutcome(true);
      return { ok: true as const, ...result };
    } catch (err) {
      const { body, unexpected } = toApiError(err, currentRequestId());
      if (unexpected) logger.error({ err, event }, 'Socket event failed');
      onOutcome(false);
      return { ok: false as const, error: body };
    }
  });
}
