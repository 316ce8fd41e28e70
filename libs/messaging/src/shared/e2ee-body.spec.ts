import { ErrorCode } from '@chat/contracts';
import type { AppConfig } from '@chat/platform';
import { classifyBody, e2eeRefusal } from './e2ee-body';

const config = { limits: { messageBodyMaxChars: 20 }, e2ee: { messageMaxChars: 200 } } as Pick<AppConfig, 'limits' | 'e2ee'>;
const envelope = (keyVersion: number) => JSON.stringify({ v: 1, keyVersion, iv: 'A'.repeat(16), ct: 'B'.repeat(24) });
const plain = { e2ee: false, e2eeKeyVersion: 0, e2eeRotationRequired: false };
const encrypted = { e2ee: true, e2eeKeyVersion: 2, e2eeRotationRequired: false };
const code = (c: string) => expect.objectContaining({ code: c });

describe('E2EE bodies', () => {
  it('reads the key version of an envelope and null for plaintext, each under its own size limit', () => {
    expect(classifyBody('hello', 0, config)).toBeNull();
    expect(classifyBody(envelope(2), 0, config)).toBe(2);
    expect(() => classifyBody('x'.repeat(21), 0, config)).toThrow(code(ErrorCode.VALIDATION_FAILED));
    expect(() => classifyBody(JSON.stringify({ v: 1, keyVersion: 1, iv: 'A'.repeat(16), ct: 'B'.repeat(200) }), 0, config)).toThrow(code(ErrorCode.VALIDATION_FAILED));
  });

  it('refuses attachments beside ciphertext', () => {
    expect(() => classifyBody(envelope(2), 1, config)).toThrow(code(ErrorCode.VALIDATION_FAILED));
  });

  it('lets plaintext into plaintext conversations and the current key version into E2EE ones', () => {
    expect(e2eeRefusal(plain, 'hello')).toBeNull();
    expect(e2eeRefusal(encrypted, envelope(2))).toBeNull();
  });

  it('names why a body does not fit the conversation', () => {
    expect(e2eeRefusal(plain, envelope(1))).toEqual(code(ErrorCode.E2EE_NOT_ENABLED));
    expect(e2eeRefusal(encrypted, 'hello')).toEqual(code(ErrorCode.E2EE_CIPHERTEXT_REQUIRED));
    expect(e2eeRefusal(encrypted, '{"v":1}')?.message).toContain('exactly the fields');
    expect(e2eeRefusal(encrypted, envelope(1))).toEqual(code(ErrorCode.E2EE_KEY_VERSION_STALE));
    expect(e2eeRefusal({ ...encrypted, e2eeRotationRequired: true }, envelope(2))).toEqual(code(ErrorCode.E2EE_ROTATION_REQUIRED));
  });
});
