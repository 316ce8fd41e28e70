import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConfigError } from '@chat/platform';
import { MESSAGE_CONTENT_STORE, type MessageContentStore } from './message-content-store';

/** Start-up refused: message bodies live in the media bucket and this process was not given it. */
export class MissingMessageContentStoreError extends ConfigError {
  constructor(readonly offloadedRows: number) {
    super([
      `${offloadedRows} message bodies were moved to the media bucket (MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS): ` +
        'every app that reads messages needs MEDIA_STORAGE=s3 and that bucket’s MEDIA_S3_* settings, or it cannot read them',
    ]);
    this.name = 'MissingMessageContentStoreError';
  }
}

/**
 * Refuses to start a process without the message content store once bodies have been offloaded
 * to it (an app deployed without MEDIA_S3_*, or MEDIA_STORAGE switched back to local), rather than
 * serving errors for old messages one read at a time. One row read: the pass counts what it moved.
 */
@Injectable()
export class MessageContentCheck implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(MESSAGE_CONTENT_STORE) private readonly store: MessageContentStore | null = null,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.store !== null) return;
    const [progress]: { offloaded_rows: string }[] = await this.dataSource.query(`SELECT offloaded_rows FROM message_content_offload`);
    const offloaded = Number(progress?.offloaded_rows ?? 0);
    if (offloaded > 0) throw new MissingMessageContentStoreError(offloaded);
  }
}
