import { decryptBody, encryptBody, exportPublicJwk, fromBase64url, generateDeviceKeyPair, newConversationKey, toBase64url, unwrapKey, wrapKey, type WrapContext } from './e2ee-crypto';
import { DecryptedIndex } from './decrypted-index';
import { WrongPassphraseError, openBackup, sealBackup } from './key-backup';
import { checkCiphertextEnvelope } from '@chat/domain';
import type { CiphertextEnvelope, Message } from '@chat/contracts';

const context: WrapContext = { conversationId: 'c-1', keyVersion: 2, recipientUserId: 'u-1', recipientDeviceId: 'phone' };
const body = { conversationId: 'c-1', senderId: 'alice', keyVersion: 2 };
const raw = async (key: CryptoKey) => toBase64url(await crypto.subtle.exportKey('raw', key));
const flip = (b64: string) => {
  const bytes = fromBase64url(b64);
  bytes[bytes.length - 1] ^= 1;
  return toBase64url(bytes);
};

describe('E2EE crypto (WebCrypto)', () => {
  it('unwraps a conversation key wrapped for this device to the same key', async () => {
    const device = await generateDeviceKeyPair();
    const key = await newConversationKey();
    const envelope = await wrapKey(key, await exportPublicJwk(device.publicKey), context);
    expect(envelope).toMatchObject({ recipientUserId: 'u-1', recipientDeviceId: 'phone' });
    expect(fromBase64url(envelope.wrappedKey)).toHaveLength(48);
    expect(await raw(await unwrapKey(device.privateKey, envelope, context))).toBe(await raw(key));
  });

  it('refuses to unwrap with another device key, for another version or device, or when altered', async () => {
    const device = await generateDeviceKeyPair();
    const other = await generateDeviceKeyPair();
    const envelope = await wrapKey(await newConversationKey(), await exportPublicJwk(device.publicKey), context);
    await expect(unwrapKey(other.privateKey, envelope, context)).rejects.toThrow();
    await expect(unwrapKey(device.privateKey, envelope, { ...context, keyVersion: 3 })).rejects.toThrow();
    await expect(unwrapKey(device.privateKey, envelope, { ...context, recipientDeviceId: 'laptop' })).rejects.toThrow();
    await expect(unwrapKey(device.privateKey, { ...envelope, wrappedKey: flip(envelope.wrappedKey) }, context)).rejects.toThrow();
  });

  it('encrypts a body to an envelope the server accepts, and decrypts it back', async () => {
    const key = await newConversationKey();
    const sealed = await encryptBody(key, 'meet at nine ✓', body);
    expect(sealed).not.toContain('meet');
    const check = checkCiphertextEnvelope(sealed);
    expect(check).toMatchObject({ ok: true, envelope: { v: 1, keyVersion: 2 } });
    expect(await decryptBody(key, JSON.parse(sealed), body)).toBe('meet at nine ✓');
  });

  it('fails to decrypt with the wrong key, a tampered ciphertext, or another sender or conversation', async () => {
    const key = await newConversationKey();
    const envelope = JSON.parse(await encryptBody(key, 'secret', body)) as CiphertextEnvelope;
    await expect(decryptBody(await newConversationKey(), envelope, body)).rejects.toThrow();
    await expect(decryptBody(key, { ...envelope, ct: flip(envelope.ct) }, body)).rejects.toThrow();
    await expect(decryptBody(key, envelope, { ...body, senderId: 'mallory' })).rejects.toThrow();
    await expect(decryptBody(key, envelope, { ...body, conversationId: 'c-2' })).rejects.toThrow();
    await expect(decryptBody(key, { ...envelope, keyVersion: 3 }, body)).rejects.toThrow();
  });
});

describe('E2EE key backup', () => {
  const secret = { deviceId: 'phone', privateJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' } };

  it('opens with the right passphrase and refuses a wrong one or an altered blob', async () => {
    const blob = await sealBackup(secret, 'correct horse battery staple', 100_000);
    expect(blob).not.toContain('"d"');
    expect(JSON.parse(blob)).toMatchObject({ kdf: 'PBKDF2-SHA-256', iterations: 100_000 });
    await expect(openBackup(blob, 'correct horse battery staple')).resolves.toEqual(secret);
    await expect(openBackup(blob, 'correct horse battery stapler')).rejects.toBeInstanceOf(WrongPassphraseError);
    const altered = JSON.stringify({ ...JSON.parse(blob), ct: flip(JSON.parse(blob).ct) });
    await expect(openBackup(altered, 'correct horse battery staple')).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  it('refuses to seal or open with a cheap key derivation', async () => {
    await expect(sealBackup(secret, 'pw', 1000)).rejects.toThrow(RangeError);
    const blob = await sealBackup(secret, 'pw', 100_000);
    await expect(openBackup(JSON.stringify({ ...JSON.parse(blob), iterations: 1000 }), 'pw')).rejects.toThrow('Not a key backup');
  });
});

describe('client-side search over decrypted messages', () => {
  const message = (id: string, conversationId: string, seq: number) => ({ id, conversationId, seq, createdAt: `2026-01-01T00:00:0${seq}.000Z` }) as Message;

  it('finds messages holding every word, folded, newest first, optionally in one conversation', () => {
    const index = new DecryptedIndex();
    index.add(message('m1', 'c1', 1), 'Café at noon');
    index.add(message('m2', 'c1', 2), 'the cafe is closed at NOON');
    index.add(message('m3', 'c2', 3), 'cafe noon elsewhere');
    index.add(message('m4', 'c1', 4), 'nothing here');
    expect(index.search('cafe noon').map((h) => h.message.id)).toEqual(['m3', 'm2', 'm1']);
    expect(index.search('CAFÉ noon', 'c1').map((h) => h.text)).toEqual(['the cafe is closed at NOON', 'Café at noon']);
    expect(index.search('  ')).toEqual([]);
  });
});
