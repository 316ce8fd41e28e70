import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, ValidationError, type AppConfig } from '@chat/platform';
import { fileTooLarge, typeNotAllowed, voiceTooLong } from '../shared/media-errors';
import { MediaMetrics } from '../shared/media-metrics';
import type { UploadedFile } from './upload-media.command';
import { essenceOf, isAllowedType, isAudio, maxUploadBytes, safeFileName } from './upload-policy';

/**
 * An upload's terms, checked before a byte is read: by a direct upload, and when a pre-signed
 * upload URL is issued (which then only has to hold the bytes to them).
 */
@Injectable()
export class UploadAdmission {
  constructor(
    private readonly metrics: MediaMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The name to keep and the type's essence. Refuses a type off MEDIA_ALLOWED_TYPES (415), no
   * usable name (400), a declared size over the limit (413), and a declared duration on anything
   * but audio (400) or longer than a voice message may be (413).
   */
  admit(file: UploadedFile): { name: string; contentType: string } {
    const { allowedTypes, voiceMaxSeconds } = this.config.media;
    const contentType = essenceOf(file.contentType);
    if (!isAllowedType(contentType, allowedTypes)) throw this.metrics.refused('type', typeNotAllowed(contentType, allowedTypes));
    const name = safeFileName(file.name);
    if (name === null) throw new ValidationError([{ field: 'name', problem: 'must be the file name (query parameter `name`)' }]);
    if (file.declaredDurationMs !== null) {
      if (!isAudio(contentType)) throw new ValidationError([{ field: 'durationMs', problem: 'only audio has a duration' }]);
      if (file.declaredDurationMs > voiceMaxSeconds * 1000) throw this.metrics.refused('too_large', voiceTooLong(voiceMaxSeconds));
    }
    const maxBytes = maxUploadBytes(this.config.media);
    if (file.declaredBytes !== null && file.declaredBytes > maxBytes) throw this.metrics.refused('too_large', fileTooLarge(maxBytes));
    return { name, contentType };
  }
}
