import { Logger } from '@nestjs/common';
import type { Ack } from '@chat/contracts';
import { currentRequestId, logApiError, runWithRequestId, toApiError, type Metrics } from '@chat/platform';
import { randomUUID } from 'node:crypto';

const logger = new Logger('SocketEvent');

/**
 * Runs one client event under its own correlation id and turns the outcome into the contract's
 * ack: `{ok: true, ...result}` or `{ok: false, error}` with the same error shape REST uses. Counts
 * the event and times it, by outcome.
 */
export function answer<T extends object>(event: string, work: () => Promise<T>, metrics: Metrics): Promise<Ack<T>> {
  const startedAt = performance.now();
  const outcome = (ok: boolean) => {
    const labels = { event, outcome: ok ? 'ok' : 'error' };
    metrics.socketEvents.inc(labels);
    metrics.socketEventDuration.observe(labels, (performance.now() - startedAt) / 1000);
  };
  return runWithRequestId(randomUUID(), async () => {
    try {
      const result = await work();
      outcome(true);
      return { ok: true as const, ...result };
    } catch (err) {
      const error = toApiError(err, currentRequestId());
      logApiError(logger, error, err, { event }, 'Socket event failed');
      outcome(false);
      return { ok: false as const, error: error.body };
    }
  });
}
