import { randomBytes } from 'node:crypto';
import { UploadGrants, type UploadGrant } from './upload-grants';

const NOW = Date.UTC(2026, 11, 6, 12) as number;
const grant: UploadGrant = { id: '0193a000-0000-7000-8000-000000000001', tenantId: 't', userId: 'u', sessionId: 's', name: 'été.png', contentType: 'image/png', size: 1000, durationMs: null, expires: NOW / 1000 + 60 };

describe('UploadGrants', () => {
  const key = randomBytes(32);
  const grants = new UploadGrants(UploadGrants.keyFrom(key));

  it('gives back exactly the grant a token was made of, until it expires', () => {
    const token = grants.token(grant);
    expect(token).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(grants.verify(token, NOW)).toEqual(grant);
    expect(grants.verify(token, NOW + 60_000)).toEqual(grant);
    expect(() => grants.verify(token, NOW + 61_000)).toThrow(expect.objectContaining({ code: 'MEDIA_LINK_EXPIRED' }));
  });

  it('refuses a token that was changed, cut, padded, or signed with another key', () => {
    const token = grants.token(grant);
    const [payload, sig] = token.split('.');
    const bigger = Buffer.from(JSON.stringify({ ...grant, size: 10 ** 9 })).toString('base64url');
    const other = new UploadGrants(UploadGrants.keyFrom(randomBytes(32)));
    for (const bad of [`${bigger}.${sig}`, payload, `${payload}.`, `${payload}.${sig}.x`, `${payload}.${sig.slice(1)}`, other.token(grant), '', '.']) {
      expect(() => grants.verify(bad, NOW)).toThrow(expect.objectContaining({ code: 'MEDIA_LINK_INVALID' }));
    }
  });

  it('keys uploads apart from media links: the same secret gives another key', () => {
    expect(UploadGrants.keyFrom(key).equals(key)).toBe(false);
  });
});
