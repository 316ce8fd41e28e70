import { createHmac, timingSafeEqual } from 'node:crypto';
import { ErrorCode, PREVIEWABLE_IMAGE_TYPES, type Attachment, type Message } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { keyFromJwtSecret } from '@chat/identity';

export type MediaVariant = 'content' | 'thumbnail';

/** A signed link's query: `expires` in Unix seconds and `sig`, the HMAC of id and expiry. */
export interface MediaLink {
  expires: number;
  sig: string;
}

/**
 * Signs and checks media links: `[MEDIA_CDN_URL]/v1/media/:id/{content|thumbnail}?expires=&sig=`, where `sig`
 * is base64url(HMAC-SHA256(key, "<id>.<expires>")). One signature covers both variants (whoever
 * may see a file may see its preview), so a message costs one HMAC per attachment.
 *
 * Expiry is rounded up to a tenth of the TTL, so links handed out within that step are the same
 * URL (browsers cache the image once) and each lives between TTL and 1.1 × TTL. A link whose
 * expiry lies further ahead than that is refused too, so lowering MEDIA_URL_TTL_SECONDS takes
 * effect at once on links already out.
 */
export class MediaUrlSigner {
  private readonly step: number;

  /** `base`: MEDIA_CDN_URL, whose origin is this server; '' for links relative to this server. */
  constructor(
    private readonly key: Buffer,
    private readonly ttlSeconds: number,
    private readonly base = '',
  ) {
    this.step = Math.max(1, Math.floor(ttlSeconds / 10));
  }

  /** MEDIA_URL_SECRET when set; otherwise a key derived from the JWT secret every app already shares. */
  static keyFrom(urlSecret: string | null, jwtSecret: string): Buffer {
    if (urlSecret) return Buffer.from(urlSecret, 'utf8');
    return keyFromJwtSecret(jwtSecret, 'chat media links v1');
  }

  sign(mediaId: string, nowMs = Date.now()): MediaLink {
    const expires = Math.ceil((Math.floor(nowMs / 1000) + this.ttlSeconds) / this.step) * this.step;
    return { expires, sig: this.mac(mediaId, expires).toString('base64url') };
  }

  url(mediaId: string, variant: MediaVariant, link: MediaLink): string {
    return `${this.base}/v1/media/${mediaId}/${variant}?expires=${link.expires}&sig=${link.sig}`;
  }

  /** Throws MEDIA_LINK_INVALID or MEDIA_LINK_EXPIRED (both 403) unless the link is good now. */
  verify(mediaId: string, expires: unknown, sig: unknown, nowMs = Date.now()): void {
    const when = typeof expires === 'string' && /^\d{1,12}$/.test(expires) ? Number(expires) : NaN;
    const given = typeof sig === 'string' ? Buffer.from(sig, 'base64url') : Buffer.alloc(0);
    const expected = this.mac(mediaId, when);
    // Constant-time on equal lengths; a wrong length is refused without comparing.
    if (Number.isNaN(when) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new DomainError(ErrorCode.MEDIA_LINK_INVALID, 'This media link is not valid');
    }
    const now = Math.floor(nowMs / 1000);
    if (when < now) throw new DomainError(ErrorCode.MEDIA_LINK_EXPIRED, 'This media link has expired');
    if (when > now + this.ttlSeconds + this.step) throw new DomainError(ErrorCode.MEDIA_LINK_INVALID, 'This media link is not valid');
  }

  /** An attachment of uploaded media with fresh links; external attachments (no id) as they are. */
  attachment(attachment: Attachment, nowMs = Date.now()): Attachment {
    if (!attachment.id) return attachment;
    const link = this.sign(attachment.id, nowMs);
    const signed: Attachment = { ...attachment, url: this.url(attachment.id, 'content', link) };
    if (PREVIEWABLE_IMAGE_TYPES.includes(attachment.contentType)) signed.thumbnailUrl = this.url(attachment.id, 'thumbnail', link);
    return signed;
  }

  /**
   * The message as a client gets it: links signed now. Stored messages and events never hold
   * links (they would outlive them); every answer and frame that carries a message passes here.
   */
  withUrls(message: Message, nowMs = Date.now()): Message {
    if (message.attachments.length === 0) return message;
    return { ...message, attachments: message.attachments.map((a) => this.attachment(a, nowMs)) };
  }

  private mac(mediaId: string, expires: number): Buffer {
    return createHmac('sha256', this.key).update(`${mediaId}.${expires}`).digest();
  }
}
