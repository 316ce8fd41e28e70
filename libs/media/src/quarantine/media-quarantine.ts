import { Inject, Injectable, Logger } from '@nestjs/common';
import { ErrorCode, type MediaQuarantineResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { TenantAdmins, UsersRepository, type Principal } from '@chat/identity';
import { MediaQuarantineEntity, type MediaEntity } from '@chat/persistence';
import { APP_CONFIG, pageLimit, type AppConfig } from '@chat/platform';
import { MEDIA_STORAGE, type MediaStorage } from '../storage/media-storage.port';
import { MediaQuarantineRepository, toQuarantinedMedia } from './media-quarantine.repository';

/**
 * Seed 003 R16.5: an upload the malware scan refused is not thrown away but held, out of reach
 * (no `media` row names its object, so nothing serves it), and the tenant's administrators are
 * told (a `media.quarantined` frame, and the audit log). They list what is held and delete it;
 * MediaPurge removes what is left after MEDIA_QUARANTINE_DAYS. There is no release: a file a
 * scanner flags is not ours to vouch for, and its uploader can send one that passes.
 */
@Injectable()
export class MediaQuarantine {
  private readonly logger = new Logger(MediaQuarantine.name);

  constructor(
    private readonly entries: MediaQuarantineRepository,
    private readonly admins: TenantAdmins,
    private readonly users: UsersRepository,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Holds the stored upload `row` (still at its storage key) that the scan named `signature`; false,
   * holding nothing, when its uploader has MEDIA_QUARANTINE_MAX_PER_UPLOADER held already, or when
   * another attempt at its pre-signed id is held (MediaQuarantineRepository.hold).
   */
  async hold(row: MediaEntity, signature: string): Promise<boolean> {
    const { id, tenantId, uploaderId, name, contentType, size, storageKey } = row;
    if ((await this.entries.countOf(tenantId, uploaderId)) >= this.config.media.quarantineMaxPerUploader) {
      this.logger.warn({ tenantId, uploaderId, mediaId: id, signature, held: this.config.media.quarantineMaxPerUploader }, 'Upload refused by the malware scan and not quarantined: its uploader has the most held already');
      return false;
    }
    const entry = Object.assign(new MediaQuarantineEntity(), { id, tenantId, uploaderId, name, contentType, size, signature, storageKey, quarantinedAt: new Date() });
    const [adminIds, uploader] = await Promise.all([this.admins.adminIdsOf(tenantId), this.users.findActiveById(tenantId, uploaderId)]);
    if (!(await this.entries.hold(entry, { quarantined: toQuarantinedMedia(entry, uploader?.displayName ?? null), adminIds }))) return false;
    this.logger.warn({ tenantId, uploaderId, mediaId: id, name, signature, adminsTold: adminIds.length }, 'Upload quarantined: the malware scan found something');
    return true;
  }

  /** What the scan found in upload `id`, when the quarantine holds it; null otherwise. */
  async signatureOf(tenantId: string, id: string): Promise<string | null> {
    return (await this.entries.find(tenantId, id))?.signature ?? null;
  }

  async page(principal: Principal, request: { limit?: number; before?: string }): Promise<MediaQuarantineResponse> {
    await this.admins.assertAdmin(principal);
    const { quarantinePageDefaultLimit, quarantinePageMaxLimit } = this.config.media;
    const limit = pageLimit(request.limit, quarantinePageDefaultLimit, quarantinePageMaxLimit);
    const rows = await this.entries.page(principal.tenantId, limit + 1, request.before ?? null);
    const shown = rows.slice(0, limit);
    const uploaders = await this.users.findActive(principal.tenantId, [...new Set(shown.map((r) => r.uploaderId))]);
    const names = new Map(uploaders.map((u) => [u.id, u.displayName]));
    return { quarantined: shown.map((r) => toQuarantinedMedia(r, names.get(r.uploaderId) ?? null)), hasMore: rows.length > limit };
  }

  /** Removes the object, then forgets the entry, in the transaction that holds it: a failure in between leaves it listed, to delete again. */
  async delete(principal: Principal, id: string): Promise<void> {
    await this.admins.assertAdmin(principal);
    await this.entries.transaction(async (em) => {
      const entry = await this.entries.lockOne(em, principal.tenantId, id);
      if (!entry) throw new DomainError(ErrorCode.MEDIA_NOT_FOUND, 'Nothing in quarantine has this id', 'It may have been deleted already, or expired (MEDIA_QUARANTINE_DAYS)');
      await this.storage.remove(entry.storageKey);
      await this.entries.forget(em, [entry.id]);
    });
  }
}
