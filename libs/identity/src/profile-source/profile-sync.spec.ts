import { PROFILE_AVATAR_URL_MAX_CHARS } from '@chat/contracts';
import { avatarUrlOf } from './profile-sync';

describe('avatarUrlOf (what of the main service’s avatarUrl is kept)', () => {
  it('keeps http(s) URLs up to PROFILE_AVATAR_URL_MAX_CHARS, and reads null, absent or empty as no avatar', () => {
    expect(avatarUrlOf('https://cdn.example/people/ann.png?v=2')).toBe('https://cdn.example/people/ann.png?v=2');
    expect(avatarUrlOf('http://intranet.example/ann.jpg')).toBe('http://intranet.example/ann.jpg');
    const longest = `https://cdn.example/${'a'.repeat(PROFILE_AVATAR_URL_MAX_CHARS - 'https://cdn.example/'.length)}`;
    expect(avatarUrlOf(longest)).toBe(longest);
    expect([avatarUrlOf(null), avatarUrlOf(undefined), avatarUrlOf('')]).toEqual([null, null, null]);
  });

  it('ignores (undefined: the account keeps its avatar) other schemes, non-URLs, other types and URLs past the bound', () => {
    for (const bad of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 'ftp://cdn.example/a.png', 'not a url', '/relative.png', 42, { url: 'https://x' }, `https://cdn.example/${'a'.repeat(PROFILE_AVATAR_URL_MAX_CHARS)}`]) {
      expect(avatarUrlOf(bad)).toBeUndefined();
    }
  });
});
