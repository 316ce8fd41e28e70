import { USERNAME_PATTERN } from '@chat/domain';
import { claimAt, mapClaims, rolesOf, sanitiseUsername, usernameCandidate, usernameFromClaims, type ClaimRules } from './claim-mapping';
import { safeReturnTo, withQueryParam } from './return-to';

const rules: ClaimRules = { tenantClaim: 'org', rolesClaim: 'groups', adminRoles: ['chat-admins', 'owners'], allowedRoles: [] };

describe('SSO claim mapping', () => {
  it('maps an admin role to admin and anything else to member, from a string or an array', () => {
    expect(mapClaims({ groups: ['staff', 'chat-admins'] }, rules)).toMatchObject({ tenantRole: 'admin', allowed: true });
    expect(mapClaims({ groups: 'owners' }, rules)).toMatchObject({ tenantRole: 'admin' });
    expect(mapClaims({ groups: ['staff'] }, rules)).toMatchObject({ tenantRole: 'member' });
    expect(mapClaims({}, rules)).toMatchObject({ tenantRole: 'member', roles: [] });
    expect(mapClaims({ groups: [42, { x: 1 }, ' chat-admins '] }, rules)).toMatchObject({ tenantRole: 'admin', roles: ['chat-admins'] });
  });

  it('leaves the role alone when no roles claim is configured, and admits everyone', () => {
    expect(mapClaims({ groups: ['chat-admins'] }, { ...rules, rolesClaim: null })).toEqual({ tenantSlug: null, tenantRole: null, allowed: true, roles: [] });
  });

  it('refuses people with none of OIDC_ALLOWED_ROLES', () => {
    const allowing = { ...rules, allowedRoles: ['chat-users'] };
    expect(mapClaims({ groups: ['staff'] }, allowing).allowed).toBe(false);
    expect(mapClaims({}, allowing).allowed).toBe(false);
    expect(mapClaims({ groups: ['staff', 'chat-users'] }, allowing).allowed).toBe(true);
  });

  it('reads the tenant slug from its claim (lower-cased), or none', () => {
    expect(mapClaims({ org: ' Acme ' }, rules).tenantSlug).toBe('acme');
    expect(mapClaims({ org: ['acme'] }, rules).tenantSlug).toBeNull();
    expect(mapClaims({ org: 'acme' }, { ...rules, tenantClaim: null }).tenantSlug).toBeNull();
  });

  it('reaches nested claims by a dotted path, a literal dotted name first', () => {
    expect(claimAt({ realm_access: { roles: ['a'] } }, 'realm_access.roles')).toEqual(['a']);
    expect(claimAt({ 'https://x.example/roles': 'r' }, 'https://x.example/roles')).toBe('r');
    expect(claimAt({ a: 'text' }, 'a.b')).toBeUndefined();
    expect(rolesOf(null)).toEqual([]);
  });
});

describe('SSO usernames', () => {
  it('sanitises to USERNAME_PATTERN: accents dropped, other characters to "-", trimmed, within the bounds', () => {
    expect(sanitiseUsername('Zoë Ångström', 32)).toBe('Zoe-Angstrom');
    expect(sanitiseUsername('  --alice..smith@@corp-- ', 32)).toBe('alice.smith-corp');
    expect(sanitiseUsername('名前', 32)).toBe('user-sso');
    expect(sanitiseUsername('ab', 32)).toBe('ab-sso');
    expect(sanitiseUsername('a'.repeat(40), 32)).toHaveLength(32);
    expect(sanitiseUsername('abcdef-ghij', 7)).toBe('abcdef');
    for (const raw of ['x', '<script>', '../../etc', 'ÆØÅ', '🙂🙂🙂', 'a b c d']) expect(sanitiseUsername(raw, 32)).toMatch(USERNAME_PATTERN);
  });

  it('takes preferred_username, else the local part of the email, else "user"', () => {
    expect(usernameFromClaims({ preferred_username: 'jdoe', email: 'john@x.example' }, 32)).toBe('jdoe');
    expect(usernameFromClaims({ email: 'john.doe@x.example' }, 32)).toBe('john.doe');
    expect(usernameFromClaims({ preferred_username: 7 }, 32)).toBe('user');
  });

  it('makes a taken name unique with a suffix that fits the longest username', () => {
    expect(usernameCandidate('carol', 1, 32)).toBe('carol');
    expect(usernameCandidate('carol', 2, 32)).toBe('carol-2');
    expect(usernameCandidate('a'.repeat(32), 12, 32)).toBe(`${'a'.repeat(29)}-12`);
  });
});

describe('SSO returnTo', () => {
  it('accepts paths on this site and keeps their query and fragment', () => {
    expect(safeReturnTo(undefined)).toBe('/');
    expect(safeReturnTo('/chat?room=1#top')).toBe('/chat?room=1#top');
    expect(withQueryParam('/chat?room=1#top', 'sso_code', 'a b')).toBe('/chat?room=1&sso_code=a+b#top');
  });

  it('refuses anything a browser would take to another site', () => {
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'evil.example', 'javascript:alert(1)', '/a\nb', `/${'a'.repeat(1024)}`]) {
      expect(() => safeReturnTo(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
  });
});
