import type { Readable } from 'node:stream';
import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import { MediaEntity } from '@chat/persistence';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { TenantQuotas } from '@chat/tenancy';
import { audioDurationMs, measuresDuration } from '../audio-duration/audio-duration';
import { MediaUrlSigner } from '../links/media-url-signer';
import { MalformedImageError } from '../metadata/byte-reader';
import { stripMetadata } from '../metadata/strip-metadata';
import { ImagePreviewer, NotAnImageError } from '../previews/image-previewer';
import { MediaQuarantine } from '../quarantine/media-quarantine';
import { ClamdScanner, ScanTooLargeError } from '../scan-media/clamd-scanner';
import { fileTooLarge, infected, mediaNotFound, notAValidFile, scannerUnavailable, storageFull, tooLargeToScan } from '../shared/media-errors';
import { MediaMetrics } from '../shared/media-metrics';
import { toMedia } from '../shared/media.mapper';
import { MediaRepository, type Insertion } from '../shared/media.repository';
import { previewKeyOf } from '../shared/preview-key';
import { MEDIA_STORAGE, ObjectTooLargeError, limitedTo, type MediaStorage } from '../storage/media-storage.port';
import { UploadAdmission } from './upload-admission';
import { isAudio, maxUploadBytes, roomFor, type Room } from './upload-policy';
import { UploadMediaCommand, type StoredUpload } from './upload-media.command';

/**
 * Streams an upload into the storage under every limit at once (MEDIA_MAX_BYTES, the tenant's
 * quota, the disk's reserve), stripping a picture's metadata on the way, has clamd scan it, checks that an image is what it claims and makes its preview, and
 * reads an audio file's length, and only then inserts the row. Whatever fails on the way removes what was written: a row exists
 * only for a complete, durable file. The one exception is a file the scan refuses, which is held in quarantine (MediaQuarantine).
 * What a crash or a store's late write leaves, MediaPurge removes (beginUpload).
 *
 * A pre-signed URL's reserved id may be uploaded by two attempts at once, on two replicas (a PUT
 * retried while the first still streams): each writes an object of its own, the row's insert
 * decides which is the file, and the other removes only what it wrote and answers that file.
 */
@CommandHandler(UploadMediaCommand)
export class UploadMediaHandler implements ICommandHandler<UploadMediaCommand> {
  private readonly logger = new Logger(UploadMediaHandler.name);
  private readonly scanner: ClamdScanner | null;

  constructor(
    private readonly media: MediaRepository,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    private readonly previewer: ImagePreviewer,
    private readonly signer: MediaUrlSigner,
    private readonly metrics: MediaMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly quotas: TenantQuotas,
    private readonly admission: UploadAdmission,
    private readonly quarantine: MediaQuarantine,
  ) {
    const { scanClamd, scanTimeoutMs } = config.media;
    this.scanner = scanClamd && new ClamdScanner(scanClamd, scanTimeoutMs);
  }

  async execute({ principal, file, source, reserved }: UploadMediaCommand): Promise<StoredUpload> {
    const { name, contentType } = this.admission.admit(file);
    // MEDIA_QUOTA_BYTES, or the tenant's own quota where it has one.
    const quotaBytes = (await this.quotas.limitsOf(principal.tenantId)).mediaBytes;
    // A pre-signed upload also keeps to the size it was signed for (admit checked the declared size against the rest).
    const maxBytes = Math.min(maxUploadBytes(this.config.media), reserved?.maxBytes ?? Infinity);
    if (reserved && file.declaredBytes !== null && file.declaredBytes > maxBytes) throw this.metrics.refused('too_large', fileTooLarge(maxBytes));
    // A pre-signed URL's upload already quarantined keeps its held bytes: sending it again stores nothing over them.
    const heldAs = reserved ? await this.quarantine.signatureOf(principal.tenantId, reserved.id) : null;
    if (heldAs !== null) throw infected(heldAs);
    const room = await this.roomFor(principal.tenantId, quotaBytes);
    if (room.bytes === 0 || (file.declaredBytes ?? 0) > room.bytes) throw this.full(principal.tenantId, room, quotaBytes);

    const row: MediaEntity = Object.assign(new MediaEntity(), { id: reserved?.id ?? uuidv7(), tenantId: principal.tenantId, uploaderId: principal.userId, name, contentType, thumbnailKey: null, durationMs: null, createdAt: new Date() });
    // A fresh id is this attempt's own; a reserved one is shared by every attempt at its URL, so each gets a key of its own.
    row.storageKey = reserved ? `${row.tenantId}/${row.id}.${uuidv7()}` : `${row.tenantId}/${row.id}`;
    const limit = Math.min(maxBytes, room.bytes);
    // Stripped on the way in, before the file is durable: what is stored, served and counted
    // against the quota is the stripped file, while the limits apply to every byte sent.
    const bytes = this.config.media.stripMetadata ? stripMetadata(contentType, limitedTo(source, limit)) : source;
    // Noted first: should this process die, or the store carry out a write given up on, before the
    // row exists, MediaPurge removes what was stored once MEDIA_ABANDONED_UPLOAD_HOURS have passed.
    await this.media.beginUpload(row.storageKey, row.tenantId);
    try {
      row.size = (await this.storage.put(row.storageKey, bytes, limit)).size;
    } catch (err) {
      if (err instanceof MalformedImageError) throw this.metrics.refused('type', notAValidFile(contentType, err));
      if (!(err instanceof ObjectTooLargeError)) throw err;
      throw limit === maxBytes ? this.metrics.refused('too_large', fileTooLarge(maxBytes)) : this.full(principal.tenantId, room, quotaBytes);
    }
    let insertion: Insertion;
    try {
      await this.scan(row);
      row.thumbnailKey = await this.preview(row);
      row.durationMs = await this.durationOf(row, file.declaredDurationMs);
      insertion = await this.media.insertWithinQuota(row, quotaBytes);
      if (insertion === 'over-quota') throw this.full(principal.tenantId, { bytes: 0, by: 'quota' }, quotaBytes);
    } catch (err) {
      if (!(err instanceof InfectedUpload)) await this.removeObjectsOf(row);
      throw err instanceof InfectedUpload ? err.refusal : err;
    }
    if (insertion === 'taken') return this.storedByAnother(row);
    this.metrics.uploads.inc({ outcome: 'stored' });
    this.metrics.uploadedBytes.inc(row.size);
    return { media: toMedia(row, this.signer), created: true };
  }

  /**
   * Another attempt at this reserved id inserted its row first: this attempt's objects go (its
   * upload's note stays for MediaPurge, should a removal fail), and the answer is that attempt's
   * file, as to any PUT after it was stored.
   */
  private async storedByAnother(row: MediaEntity): Promise<StoredUpload> {
    await this.removeObjectsOf(row);
    const stored = await this.media.findById(row.id);
    // Marked for purge in the meantime (its uploader's account deleted): gone, as for a download.
    if (!stored) throw mediaNotFound();
    return { media: toMedia(stored, this.signer), created: false };
  }

  private async removeObjectsOf(row: MediaEntity): Promise<void> {
    await Promise.all([this.storage.remove(row.storageKey), row.thumbnailKey && this.storage.remove(row.thumbnailKey)]);
  }

  private async roomFor(tenantId: string, quotaBytes: number): Promise<Room> {
    const { minFreeBytes } = this.config.media;
    const [usedBytes, freeBytes] = await Promise.all([quotaBytes ? this.media.usedBytes(tenantId) : 0, this.storage.freeBytes()]);
    return roomFor({ quotaBytes, usedBytes, freeBytes, minFreeBytes });
  }

  /**
   * With MEDIA_SCAN_CLAMD, the stored bytes (exactly what would be served) go through clamd before
   * the row exists. It fails closed: a file nobody could scan is refused, never kept unscanned, as
   * a scanner that is down is the moment an attacker would choose; only uploads stop, not messaging.
   */
  private async scan(row: MediaEntity): Promise<void> {
    const scanner = this.scanner;
    if (!scanner) return;
    let signature: string | null;
    try {
      signature = await this.readStored(row.storageKey, (bytes) => scanner.scan(bytes));
    } catch (err) {
      if (err instanceof ScanTooLargeError) {
        this.logger.warn({ tenantId: row.tenantId, size: row.size, err }, 'Upload refused: larger than clamd scans (its StreamMaxLength is below MEDIA_MAX_BYTES)');
        throw this.metrics.refused('too_large', tooLargeToScan(err));
      }
      this.metrics.uploads.inc({ outcome: 'scan_failed' });
      this.logger.error({ tenantId: row.tenantId, err }, 'The malware scanner is unavailable: uploads are refused');
      throw scannerUnavailable(err);
    }
    if (signature === null) return;
    this.metrics.uploads.inc({ outcome: 'infected' });
    let held: boolean;
    try {
      // Held where it is stored, before anything else is made of it (the scan comes before the preview).
      held = await this.quarantine.hold(row, signature);
    } catch (err) {
      this.logger.error({ err, tenantId: row.tenantId, mediaId: row.id, signature }, 'An infected upload could not be quarantined: it is removed instead');
      held = false;
    }
    // Refused either way; what is not held goes with the rest (it is not InfectedUpload).
    throw held ? new InfectedUpload(infected(signature)) : infected(signature);
  }

  /**
   * An audio file's length. Read from the stored file where there is a reader for its type (WebM
   * and Ogg Opus: what Chromium's and Firefox's MediaRecorder write): the file is the truth and
   * whatever the client declared is ignored; a file the reader cannot follow has no length, so it
   * can be sent as a file but not as a voice message. Otherwise (Safari records MP4, whose boxes
   * are not parsed here; MP3, WAV…) the client's declared value stands, because a voice message
   * from those browsers needs one: bounded by MEDIA_VOICE_MAX_SECONDS (checkDeclaredDuration) and
   * trusted for nothing but showing the length. No limit rests on it: MEDIA_MAX_BYTES, the quota
   * and the disk reserve bound what is stored whatever a recording claims.
   */
  private async durationOf(row: MediaEntity, declaredMs: number | null): Promise<number | null> {
    if (!isAudio(row.contentType)) return null;
    return measuresDuration(row.contentType) ? this.readStored(row.storageKey, (bytes) => audioDurationMs(row.contentType, bytes)) : declaredMs;
  }

  /** Images must decode as their type; their preview is stored beside them (null: none made). */
  private async preview(row: MediaEntity): Promise<string | null> {
    if (!ImagePreviewer.handles(row.contentType)) return null;
    let bytes: Buffer | null;
    try {
      bytes = await this.readStored(row.storageKey, (stored) => this.previewer.preview(stored, row.contentType, this.config.media.thumbnailPx));
    } catch (err) {
      if (err instanceof NotAnImageError) throw this.metrics.refused('type', notAValidFile(row.contentType, err));
      throw err;
    }
    if (!bytes) return null;
    const key = previewKeyOf(row.storageKey);
    await this.storage.put(key, [bytes], Infinity);
    return key;
  }

  /**
   * Hands the stored object's bytes to `use` and closes them once it is done: the readers stop
   * early (a file not of their format, a scanner that cannot be reached), and a stream left open
   * holds a file descriptor or the store's connection.
   */
  private async readStored<T>(key: string, use: (bytes: Readable) => Promise<T>): Promise<T> {
    const bytes = this.storage.read(key);
    try {
      return await use(bytes);
    } finally {
      bytes.destroy();
    }
  }

  /** Storage running out is for administrators to act on: logged (error for the disk) and counted. */
  private full(tenantId: string, room: Room, quotaBytes: number) {
    this.metrics.uploads.inc({ outcome: room.by });
    const what = room.by === 'quota' ? `tenant ${tenantId} reached its media quota of ${quotaBytes} bytes` : 'the media disk reached MEDIA_MIN_FREE_BYTES';
    if (room.by === 'disk') this.logger.error({ tenantId, dir: this.config.media.dir }, `Media storage is full (${what}): uploads are refused`);
    else this.logger.warn({ tenantId }, `Media quota reached (${what}): uploads are refused`);
    // The tenant's quota answers like every tenant quota (details: quota, limit, upgrade URL); a full disk is the operator's.
    return room.by === 'quota' ? this.quotas.refused('mediaBytes', quotaBytes, null) : storageFull();
  }
}

/** The scan's refusal once the file is held in quarantine: its object must stay where it is. */
class InfectedUpload extends Error {
  constructor(readonly refusal: Error) {
    super(refusal.message, { cause: refusal });
  }
}
