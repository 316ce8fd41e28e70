import { createHmac, timingSafeEqual } from 'node:crypto';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';

/** What a pre-signed upload URL lets its holder do: put one file, as `userId`, under these terms. */
export interface UploadGrant {
  /** The media id the upload will have: one grant, one file (a retried PUT answers the same one). */
  id: string;
  tenantId: string;
  userId: string;
  /** The login it was issued to: ending that login (logout, ban) voids the URL. */
  sessionId: string;
  name: string;
  contentType: string;
  /** The most bytes the file may have (the size the client declared). */
  size: number;
  durationMs: number | null;
  /** Unix seconds. */
  expires: number;
}

/**
 * Signs and checks pre-signed upload URLs, `/v1/media/uploads/<token>`: the token is the grant as
 * base64url JSON, a dot, and base64url(HMAC-SHA256(key, payload)). Nothing is stored when one is
 * issued; the signature is the permission, like a media link's, under a key of its own so that
 * neither kind of URL can ever pass for the other.
 */
export class UploadGrants {
  constructor(private readonly key: Buffer) {}

  /** The upload key from the media links' key (MediaUrlSigner.keyFrom). */
  static keyFrom(linkKey: Buffer): Buffer {
    return createHmac('sha256', linkKey).update('chat media upload grants v1').digest();
  }

  token(grant: UploadGrant): string {
    const payload = Buffer.from(JSON.stringify(grant)).toString('base64url');
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  /** The grant a token carries; MEDIA_LINK_INVALID (403) unless it is one of ours, MEDIA_LINK_EXPIRED once past its expiry. */
  verify(token: string, nowMs = Date.now()): UploadGrant {
    const [payload, sig, ...rest] = token.split('.');
    const given = Buffer.from(sig ?? '', 'base64url');
    const expected = this.mac(payload ?? '');
    if (rest.length || !payload || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new DomainError(ErrorCode.MEDIA_LINK_INVALID, 'This upload link is not valid', 'Ask for a new one: POST /v1/media/upload-urls');
    }
    const grant = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as UploadGrant;
    if (grant.expires < Math.floor(nowMs / 1000)) throw new DomainError(ErrorCode.MEDIA_LINK_EXPIRED, 'This upload link has expired', 'Ask for a new one: POST /v1/media/upload-urls');
    return grant;
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest();
  }
}
