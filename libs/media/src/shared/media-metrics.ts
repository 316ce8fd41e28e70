import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Metrics } from '@chat/platform';

/** Upload outcomes; `rejected{reason="quota"|"disk"}` is what storage alerts watch. */
@Injectable()
export class MediaMetrics {
  readonly uploads: Counter<'outcome'>;
  readonly uploadedBytes: Counter;

  constructor(metrics: Metrics) {
    this.uploads = new Counter({ name: 'chat_media_uploads_total', help: 'Uploads by outcome (stored, too_large, type, quota, disk, infected, scan_failed)', labelNames: ['outcome'], registers: [metrics.registry] });
    this.uploadedBytes = new Counter({ name: 'chat_media_uploaded_bytes_total', help: 'Bytes of media stored', registers: [metrics.registry] });
  }
}
