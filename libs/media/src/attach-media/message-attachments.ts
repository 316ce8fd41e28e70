import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Attachment, MediaAttachmentRef, Message } from '@chat/contracts';
import { ValidationError } from '@chat/platform';
import { MediaUrlSigner } from '../links/media-url-signer';
import { MediaRepository } from '../shared/media.repository';

/**
 * Media in messages, for the features that store and serve them. On send (`resolve`), an upload
 * named by `id` must be the sender's own in this tenant, and its name, type and size come from
 * the upload, not from the client; so nobody can attach a file they did not upload and so get a
 * link to it through a conversation of their own. Links are never stored: every answer or frame
 * that hands a message to a member of its conversation passes it through `withUrls`.
 */
@Injectable()
export class MessageAttachments {
  constructor(
    private readonly media: MediaRepository,
    private readonly signer: MediaUrlSigner,
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
    const owned = ids.length ? new Map((await this.media.findOwned(sender.tenantId, sender.userId, ids)).map((m) => [m.id, m])) : new Map();
    const problems: { field: string; problem: string }[] = [];
    const resolved = attachments.map((a, i): Attachment => {
      if (!a.id) return { ...(a as Attachment) };
      const upload = owned.get(a.id);
      if (!upload) problems.push({ field: `attachments.${i}.id`, problem: 'must be the id of a file you uploaded' });
      return { id: a.id, name: upload?.name ?? '', contentType: upload?.contentType ?? '', size: upload?.size ?? 0 };
    });
    if (problems.length) throw new ValidationError(problems);
    return resolved;
  }
}
