import type { Message } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { MediaUrlSigner } from './media-url-signer';

const ID = '0194f3c2-7a1b-7c3d-8e4f-0123456789ab';
const OTHER = '0194f3c2-7a1b-7c3d-8e4f-ba9876543210';
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const signer = new MediaUrlSigner(MediaUrlSigner.keyFrom(null, 'jwt-secret'), 600);

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as DomainError).code;
  }
}

describe('MediaUrlSigner', () => {
  it('accepts its own link until it expires, and refuses it after', () => {
    const { expires, sig } = signer.sign(ID, T0);
    expect(expires * 1000).toBeGreaterThanOrEqual(T0 + 600_000);
    expect(expires * 1000).toBeLessThanOrEqual(T0 + 660_000);
    expect(codeOf(() => signer.verify(ID, String(expires), sig, T0))).toBeUndefined();
    expect(codeOf(() => signer.verify(ID, String(expires), sig, expires * 1000))).toBeUndefined();
    expect(codeOf(() => signer.verify(ID, String(expires), sig, expires * 1000 + 1000))).toBe('MEDIA_LINK_EXPIRED');
  });

  it('refuses a link for another id, a changed expiry, a changed or missing signature', () => {
    const { expires, sig } = signer.sign(ID, T0);
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    expect(codeOf(() => signer.verify(OTHER, String(expires), sig, T0))).toBe('MEDIA_LINK_INVALID');
    expect(codeOf(() => signer.verify(ID, String(expires + 60), sig, T0))).toBe('MEDIA_LINK_INVALID');
    expect(codeOf(() => signer.verify(ID, String(expires), flipped, T0))).toBe('MEDIA_LINK_INVALID');
    expect(codeOf(() => signer.verify(ID, String(expires), sig.slice(0, 10), T0))).toBe('MEDIA_LINK_INVALID');
    expect(codeOf(() => signer.verify(ID, String(expires), undefined, T0))).toBe('MEDIA_LINK_INVALID');
    expect(codeOf(() => signer.verify(ID, undefined, sig, T0))).toBe('MEDIA_LINK_INVALID');
    expect(codeOf(() => signer.verify(ID, `${expires}.5`, sig, T0))).toBe('MEDIA_LINK_INVALID');
  });

  it('refuses links signed with another key (another secret, or MEDIA_URL_SECRET instead of the derived key)', () => {
    const { expires, sig } = new MediaUrlSigner(MediaUrlSigner.keyFrom(null, 'other-jwt-secret'), 600).sign(ID, T0);
    expect(codeOf(() => signer.verify(ID, String(expires), sig, T0))).toBe('MEDIA_LINK_INVALID');
    const explicit = new MediaUrlSigner(MediaUrlSigner.keyFrom('s'.repeat(32), 'jwt-secret'), 600).sign(ID, T0);
    expect(codeOf(() => signer.verify(ID, String(explicit.expires), explicit.sig, T0))).toBe('MEDIA_LINK_INVALID');
  });

  it('refuses a link that lives longer than the TTL allows now (the TTL was lowered since it was signed)', () => {
    const longLived = new MediaUrlSigner(MediaUrlSigner.keyFrom(null, 'jwt-secret'), 6000).sign(ID, T0);
    expect(codeOf(() => signer.verify(ID, String(longLived.expires), longLived.sig, T0))).toBe('MEDIA_LINK_INVALID');
  });

  it('gives the same link to requests within one tenth of the TTL, so browsers can cache the file', () => {
    const a = signer.sign(ID, T0 + 1000);
    const b = signer.sign(ID, T0 + 50_000);
    expect(b).toEqual(a);
    expect(signer.sign(ID, T0 + 70_000)).not.toEqual(a);
  });

  it('signs uploaded attachments (with a preview link for images) and leaves external ones and empty messages alone', () => {
    const message = {
      id: 'm',
      attachments: [
        { id: ID, name: 'a.png', contentType: 'image/png', size: 3 },
        { id: OTHER, name: 'a.pdf', contentType: 'application/pdf', size: 3 },
        { url: 'https://example.com/x', name: 'x', contentType: 'text/plain', size: 1 },
      ],
    } as Message;
    const signed = signer.withUrls(message, T0);
    const { expires, sig } = signer.sign(ID, T0);
    expect(signed.attachments[0]).toEqual({ ...message.attachments[0], url: `/v1/media/${ID}/content?expires=${expires}&sig=${sig}`, thumbnailUrl: `/v1/media/${ID}/thumbnail?expires=${expires}&sig=${sig}` });
    expect(signed.attachments[1].url).toMatch(new RegExp(`^/v1/media/${OTHER}/content\\?expires=\\d+&sig=[\\w-]{43}$`));
    expect(signed.attachments[1].thumbnailUrl).toBeUndefined();
    expect(signed.attachments[2]).toBe(message.attachments[2]);
    expect(message.attachments[0].url).toBeUndefined(); // the stored message is not changed
    const plain = { id: 'p', attachments: [] } as unknown as Message;
    expect(signer.withUrls(plain)).toBe(plain);
  });

  it('points links at MEDIA_CDN_URL when set, signed the same, so this server still checks them when the CDN fetches', () => {
    const viaCdn = new MediaUrlSigner(MediaUrlSigner.keyFrom(null, 'jwt-secret'), 600, 'https://cdn.example.com/chat');
    const { expires, sig } = viaCdn.sign(ID, T0);
    expect(viaCdn.url(ID, 'thumbnail', { expires, sig })).toBe(`https://cdn.example.com/chat/v1/media/${ID}/thumbnail?expires=${expires}&sig=${sig}`);
    expect(codeOf(() => signer.verify(ID, String(expires), sig, T0))).toBeUndefined();
  });
});
