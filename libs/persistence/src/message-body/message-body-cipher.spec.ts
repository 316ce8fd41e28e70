import { Logger } from '@nestjs/common';
import { MessageBodyCipher, MessageBodyUnreadableError, sealedKeyId } from './message-body-cipher';

describe('MessageBodyCipher', () => {
  const a = { id: 'a', key: Buffer.alloc(32, 1) };
  const b = { id: 'k-2', key: Buffer.alloc(32, 2) };
  const id = '0190a0b0-0000-7000-8000-000000000001';
  const other = '0190a0b0-0000-7000-8000-000000000002';
  const body = 'Meet at 7 — Grüße 👋';

  beforeEach(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  const unreadable = (fn: () => unknown): MessageBodyUnreadableError => {
    try {
      fn();
    } catch (err) {
      if (err instanceof MessageBodyUnreadableError) return err;
      throw err;
    }
    throw new Error('expected MessageBodyUnreadableError');
  };

  it('seals a body so that the stored text holds none of it, and opens it again', () => {
    const cipher = new MessageBodyCipher([a]);
    const stored = cipher.seal(body, id);
    expect(stored).toMatch(/^enc1:a:[A-Za-z0-9+/]+=*$/);
    expect(stored).not.toContain('Meet');
    expect(cipher.seal(body, id)).not.toBe(stored); // a fresh IV each time
    expect(cipher.open(stored, id)).toBe(body);
    expect(cipher.open(cipher.seal('', id), id)).toBe('');
  });

  it('refuses a sealed body that was altered, naming the message and key, and logs it', () => {
    const cipher = new MessageBodyCipher([a]);
    const stored = cipher.seal(body, id);
    const bytes = Buffer.from(stored.slice('enc1:a:'.length), 'base64');
    bytes[14] ^= 1;
    const error = unreadable(() => cipher.open(`enc1:a:${bytes.toString('base64')}`, id));
    expect(error).toMatchObject({ messageId: id, keyId: 'a', reason: 'authentication-failed' });
    expect(error.message).toBe(`The body of message ${id} does not open with key id "a": it was altered, or sealed for another message`);
    expect(Logger.prototype.error).toHaveBeenCalledWith({ event: 'message.body.unreadable', messageId: id, keyId: 'a', reason: 'authentication-failed' }, error.message);
    expect(unreadable(() => cipher.open('enc1:a:AAAA', id)).reason).toBe('malformed');
    expect(unreadable(() => cipher.open('enc1:nokeyid', id)).reason).toBe('malformed');
  });

  it('refuses a sealed body moved to another row (the message id is authenticated)', () => {
    const cipher = new MessageBodyCipher([a]);
    expect(unreadable(() => cipher.open(cipher.seal(body, id), other)).reason).toBe('authentication-failed');
  });

  it('refuses a body sealed with a key id it does not have', () => {
    const sealedWithB = new MessageBodyCipher([b]).seal(body, id);
    const error = unreadable(() => new MessageBodyCipher([a]).open(sealedWithB, id));
    expect(error).toMatchObject({ keyId: 'k-2', reason: 'unknown-key' });
    expect(error.message).toContain('"k-2", which is not in MESSAGE_ENCRYPTION_KEYS');
    // Encryption turned off with sealed rows left: still an error, never the ciphertext as a body.
    expect(unreadable(() => new MessageBodyCipher([]).open(sealedWithB, id)).reason).toBe('unknown-key');
  });

  it('reads a body stored before encryption was on as it is', () => {
    const cipher = new MessageBodyCipher([a]);
    expect(cipher.open(body, id)).toBe(body);
    expect(cipher.open('', id)).toBe('');
    expect(cipher.open('{"v":1,"keyVersion":3,"iv":"x","ct":"y"}', id)).toBe('{"v":1,"keyVersion":3,"iv":"x","ct":"y"}');
  });

  it('rotates: seals with the first key and opens with every key', () => {
    const before = new MessageBodyCipher([a]).seal(body, id);
    const rotated = new MessageBodyCipher([b, a]);
    expect(rotated.currentKeyId).toBe('k-2');
    expect(rotated.open(before, id)).toBe(body);
    const after = rotated.seal(rotated.open(before, id), id);
    expect(sealedKeyId(after)).toBe('k-2');
    expect(new MessageBodyCipher([b]).open(after, id)).toBe(body);
  });

  it('off: stores bodies as sent, escaping only one that would read as sealed', () => {
    const off = new MessageBodyCipher([]);
    expect(off.currentKeyId).toBeNull();
    expect(off.seal(body, id)).toBe(body);
    for (const typed of ['enc1:a:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'enc0:hello']) {
      const stored = off.seal(typed, id);
      expect(stored).toBe(`enc0:${typed}`);
      expect(off.open(stored, id)).toBe(typed);
      expect(new MessageBodyCipher([a]).open(stored, id)).toBe(typed);
    }
  });
});
