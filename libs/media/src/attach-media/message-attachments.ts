import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Attachment, MediaAttachmentRef, Message } from '@chat/contracts';
import { APP_CONFIG, ValidationError, type AppConfig } from '@chat/platform';
import { MediaUrlSigner } from '../links/media-url-signer';
import { voiceTooLong } from '../shared/media-errors';
import { MediaRepository } from '../shared/media.repository';
import { UPLOAD_AGAIN, expiredUpload } from '../shared/upload-expiry';
import { uploadAttachment, voiceRefusal } from './voice-attachment';

/**
 * Media in messages, for the features that store and serve them. On send (`resolve`), an upload
 * named by `id` must be the sender's own in this tenant, and its name, type and size come from
 * the upload, not from the client; so nobody can attach a file they did not upload and so get a
 * link to it through a conversation of their own; its duration (audio) comes from the upload too,
 * and `kind: 'voice'` is checked against it (voiceRefusal). Links are never stored: every answer or frame
 * that hands a message to a member of its conversation passes it through `withUrls`.
 */
@Injectable()
export class MessageAttachments {
  constructor(
    private readonly media: MediaRepository,
    private readonly signer: MediaUrlSigner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The message with fresh signed links on its uploads (the same object when it has no attachments). */
  withUrls(message: Message): Message {
    return this.signer.withUrls(message);
  }

  /**
   * Messages are being deleted (in the caller's transaction): their uploads that no other message
   * carries are revoked at its commit (no longer served, even by a link handed out before) and
   * their files removed by MediaPurge (seed 003 req. 16.4).
   */
  async release(em: EntityManager, messages: readonly Pick<Message, 'id' | 'attachments'>[]): Promise<void> {
    // Messages without uploads (nearly all) cost no query.
    const carriers = messages.filter((m) => m.attachments.some((a) => a.id));
    if (carriers.length) await this.media.releaseFromMessages(em, carriers.map((m) => m.id));
  }

  /** The attachments of a message being sent, as they are to be stored. */
  async resolve(sender: { tenantId: string; userId: string }, attachments: readonly (Attachment | MediaAttachmentRef)[]): Promise<Attachment[]> {
    const ids = [...new Set(attachments.flatMap((a) => (a.id ? [a.id] : [])))];
    // Messages without uploads (nearly all) cost no query.
    const { voiceMaxSeconds, unattachedTtlHours } = this.config.media;
    const owned = ids.length ? new Map((await this.media.findOwned(sender.tenantId, sender.userId, ids, unattachedTtlHours)).map((m) => [m.id, m])) : new Map();
    const problems: { field: string; problem: string }[] = [];
    let tooLong = false;
    const resolved = attachments.map((a, i): Attachment | null => {
      const upload = a.id ? owned.get(a.id) : 'external';
      if (!upload) {
        problems.push({ field: `attachments.${i}.id`, problem: 'must be the id of a file you uploaded' });
        return null;
      }
      // No message carries it and it is older than MEDIA_UNATTACHED_TTL_HOURS: the send statement would refuse it too.
      if (upload !== 'external' && upload.expired) {
        problems.push(expiredUpload(`attachments.${i}.id`, unattachedTtlHours));
        return null;
      }
      const refusal = a.kind === 'voice' ? voiceRefusal(upload, voiceMaxSeconds) : null;
      if (refusal === 'too_long') tooLong = true;
      else if (refusal) problems.push({ field: `attachments.${i}.kind`, problem: refusal.problem });
      return upload === 'external' ? { ...(a as Attachment) } : uploadAttachment(a.id!, upload, a.kind);
    });
    // An upload unknown or expired (a draft kept too long, a file purged meanwhile) is fixed by uploading it again.
    if (problems.length) throw new ValidationError(problems, problems.some((p) => p.field.endsWith('.id')) ? UPLOAD_AGAIN : '');
    if (tooLong) throw voiceTooLong(voiceMaxSeconds);
    return resolved as Attachment[];
  }
}
