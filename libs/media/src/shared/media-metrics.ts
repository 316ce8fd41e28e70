import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Metrics } from '@chat/platform';

/** Every way an upload ends. */
const UPLOAD_OUTCOMES = ['stored', 'too_large', 'type', 'quota', 'disk', 'infected', 'scan_failed'] as const;

/**
 * Upload outcomes; `outcome="disk"` and `outcome="scan_failed"` are what the storage and scanner
 * alerts watch (deploy/monitoring/alerts.yml). Each outcome is exported from the start at 0, so an
 * alert's `increase()` sees the first refusal, not only the second.
 */
@Injectable()
export class MediaMetrics {
  readonly uploads: Counter<'outcome'>;
  readonly uploadedBytes: Counter;

  constructor(metrics: Metrics) {
    this.uploads = new Counter({ name: 'chat_media_uploads_total', help: `Uploads by outcome (${UPLOAD_OUTCOMES.join(', ')})`, labelNames: ['outcome'], registers: [metrics.registry] });
    for (const outcome of UPLOAD_OUTCOMES) this.uploads.inc({ outcome }, 0);
    this.uploadedBytes = new Counter({ name: 'chat_media_uploaded_bytes_total', help: 'Bytes of media stored', registers: [metrics.registry] });
  }

  /** Counts an upload refused for its type or size, and gives back the error to throw. */
  refused<E extends Error>(outcome: 'type' | 'too_large', error: E): E {
    this.uploads.inc({ outcome });
    return error;
  }
}
