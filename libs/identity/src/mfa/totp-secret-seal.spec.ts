import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@chat/platform';
import { resolveMfaSecretKeys } from './mfa-secret-key';
import { TotpSecretSeal, TotpSecretUnreadableError } from './totp-secret-seal';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const KEY = randomBytes(32);
const OWNER = 'tenant-1:user-1';

describe('TotpSecretSeal', () => {
  const seal = new TotpSecretSeal([KEY]);

  it('stores a versioned AES-GCM string that holds nothing of the secret, and opens it again', () => {
    const stored = seal.seal(SECRET, OWNER);
    expect(stored).toMatch(/^v1:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(stored).not.toContain(SECRET);
    expect(seal.open(stored, OWNER)).toEqual({ secret: SECRET, stale: false });
  });

  it('uses a fresh IV per seal, so equal secrets do not look equal at rest', () => {
    expect(seal.seal(SECRET, OWNER)).not.toBe(seal.seal(SECRET, OWNER));
  });

  it('refuses a sealed value altered anywhere: IV, tag or ciphertext', () => {
    const [version, ...parts] = seal.seal(SECRET, OWNER).split(':');
    for (let i = 0; i < parts.length; i++) {
      const bytes = Buffer.from(parts[i], 'base64url');
      bytes[0] ^= 1;
      const tampered = [version, ...parts.map((p, j) => (j === i ? bytes.toString('base64url') : p))].join(':');
      expect(() => seal.open(tampered, OWNER)).toThrow(TotpSecretUnreadableError);
    }
    expect(() => seal.open('v1:garbage', OWNER)).toThrow(TotpSecretUnreadableError);
  });

  it('refuses a value sealed with another key', () => {
    const stored = new TotpSecretSeal([randomBytes(32)]).seal(SECRET, OWNER);
    expect(() => seal.open(stored, OWNER)).toThrow(TotpSecretUnreadableError);
  });

  it("refuses a value sealed for another owner (copied into someone else's row)", () => {
    const stored = seal.seal(SECRET, 'tenant-1:user-2');
    expect(() => seal.open(stored, OWNER)).toThrow(TotpSecretUnreadableError);
    expect(seal.open(stored, 'tenant-1:user-2')).toEqual({ secret: SECRET, stale: false });
  });

  it('reads a legacy plaintext secret (no v1: prefix) as it is, to be sealed again', () => {
    expect(seal.open(SECRET, OWNER)).toEqual({ secret: SECRET, stale: true });
  });

  it('opens what a previous key sealed, to be sealed again with the current one', () => {
    const previous = randomBytes(32);
    const stored = new TotpSecretSeal([previous]).seal(SECRET, OWNER);
    const rotated = new TotpSecretSeal([KEY, previous]);
    expect(rotated.open(stored, OWNER)).toEqual({ secret: SECRET, stale: true });
    expect(seal.open(rotated.seal(SECRET, OWNER), OWNER)).toEqual({ secret: SECRET, stale: false });
  });
});

describe('MFA_SECRET_KEY', () => {
  const base = { DATABASE_URL: 'postgres://chat@127.0.0.1/chat', JWT_SECRET: 'x'.repeat(32) };
  const keysOf = (env: Record<string, string>) => resolveMfaSecretKeys(loadConfig(env));
  const sealFor = (env: Record<string, string>) => new TotpSecretSeal(keysOf(env));

  it('is 32 bytes, as hex or base64, and seals from then on', () => {
    for (const written of [KEY.toString('hex'), KEY.toString('base64'), KEY.toString('base64url'), `${KEY.toString('hex')}\n`]) expect(keysOf({ ...base, MFA_SECRET_KEY: written })[0]).toEqual(KEY);
    expect(() => loadConfig({ ...base, MFA_SECRET_KEY: 'too-short' })).toThrow(/MFA_SECRET_KEY must be 32 bytes/);
    // Buffer.from would skip the stray character and decode the rest as 32 bytes.
    expect(() => loadConfig({ ...base, MFA_SECRET_KEY: `${KEY.toString('base64').slice(0, 10)}!${KEY.toString('base64').slice(10)}` })).toThrow(/MFA_SECRET_KEY must be 32 bytes/);
  });

  it('when unset, is derived from the JWT secret: stable across restarts, shared by split apps, not the JWT secret itself', () => {
    const [derived] = keysOf(base);
    expect(derived).toHaveLength(32);
    expect(keysOf(base)).toEqual([derived]);
    expect(derived.toString('utf8')).not.toContain(base.JWT_SECRET);
    expect(keysOf({ ...base, JWT_SECRET: 'y'.repeat(32) })[0]).not.toEqual(derived);
  });

  it('when unset in an embedded install, comes from the JWT secret kept in DATA_DIR, so a restart opens what was sealed', () => {
    const env = { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'mfa-key-')) };
    try {
      const sealed = sealFor(env).seal(SECRET, OWNER);
      expect(sealFor(env).open(sealed, OWNER)).toEqual({ secret: SECRET, stale: false });
    } finally {
      rmSync(env.DATA_DIR, { recursive: true, force: true });
    }
  });

  it('set later, still opens what the derived key sealed, so nobody enrolled before is locked out', () => {
    const sealed = sealFor(base).seal(SECRET, OWNER);
    expect(sealFor({ ...base, MFA_SECRET_KEY: KEY.toString('hex') }).open(sealed, OWNER)).toEqual({ secret: SECRET, stale: true });
  });

  it('rotated, seals with the new key, then tries the previous keys in their order, then the derived key', () => {
    const [older, old] = [randomBytes(32), randomBytes(32)];
    const [derived] = keysOf(base);
    const rotated = { ...base, MFA_SECRET_KEY: KEY.toString('hex'), MFA_SECRET_KEYS_PREVIOUS: `${old.toString('hex')},${older.toString('base64')}` };
    expect(keysOf(rotated)).toEqual([KEY, old, older, derived]);
    const sealedWithOld = sealFor({ ...base, MFA_SECRET_KEY: old.toString('hex') }).seal(SECRET, OWNER);
    expect(sealFor(rotated).open(sealedWithOld, OWNER)).toEqual({ secret: SECRET, stale: true });
  });

  it('unset, with previous keys: the derived key seals and they still open what they sealed', () => {
    const [derived] = keysOf(base);
    expect(keysOf({ ...base, MFA_SECRET_KEYS_PREVIOUS: KEY.toString('hex') })).toEqual([derived, KEY]);
  });
});
