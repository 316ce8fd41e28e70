import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Metrics } from '@chat/platform';
import type { ProfileSourceFailure } from './profile-source.client';

/** The main service as profile source, on the app's registry: what it answered and when it did not. */
@Injectable()
export class ProfileSourceMetrics {
  readonly failures: Counter<'reason'>;
  readonly profilesFetched: Counter;

  constructor(metrics: Metrics) {
    this.failures = new Counter({
      name: 'chat_profile_source_failures_total',
      help: 'Batch profile calls to PROFILE_SOURCE_URL that gave nothing usable (timeout, unreachable, status, answer); accounts kept their stale profiles',
      labelNames: ['reason'] as const,
      registers: [metrics.registry],
    });
    this.profilesFetched = new Counter({
      name: 'chat_profile_source_profiles_fetched_total',
      help: 'Profiles the main service answered with (PROFILE_SOURCE_URL)',
      registers: [metrics.registry],
    });
  }

  failed(reason: ProfileSourceFailure): void {
    this.failures.inc({ reason });
  }
}
