import { EnvReader } from './env-reader';
import { readMessageEncryption } from './message-encryption-config';

describe('message encryption configuration', () => {
  const read = (env: Record<string, string>) => {
    const r = new EnvReader(env);
    return { config: readMessageEncryption(r), problems: r.problems };
  };
  const keyA = Buffer.alloc(32, 1);
  const keyB = Buffer.alloc(32, 2);

  it('is off without MESSAGE_ENCRYPTION_KEYS', () => {
    expect(read({})).toEqual({ config: { keys: [] }, problems: [] });
    expect(read({ MESSAGE_ENCRYPTION_KEYS: '' })).toEqual({ config: { keys: [] }, problems: [] });
  });

  it('reads the keys in order, the first being the one that seals', () => {
    const { config, problems } = read({ MESSAGE_ENCRYPTION_KEYS: ` k2024-b:${keyB.toString('base64')} , old_A:${keyA.toString('base64')}` });
    expect(problems).toEqual([]);
    expect(config.keys.map((k) => k.id)).toEqual(['k2024-b', 'old_A']);
    expect(config.keys[0].key.equals(keyB)).toBe(true);
    expect(config.keys[1].key.equals(keyA)).toBe(true);
  });

  it('refuses a key that is not 32 bytes of base64, naming the variable and the key id but not the key', () => {
    const short = Buffer.alloc(16, 3).toString('base64');
    const { config, problems } = read({ MESSAGE_ENCRYPTION_KEYS: `a:${short},b:not*base64` });
    expect(config.keys).toEqual([]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^MESSAGE_ENCRYPTION_KEYS \(entry 1 of 2\), key id "a", must be 32 bytes.*got 16 bytes/);
    expect(problems[1]).toMatch(/key id "b".*other characters/);
    expect(problems.join('\n')).not.toContain(short);
  });

  it('refuses entries without an id, ids too long or with other characters, and repeated ids', () => {
    const k = keyA.toString('base64');
    const { problems } = read({ MESSAGE_ENCRYPTION_KEYS: `${k},${'x'.repeat(17)}:${k},a.b:${k},same:${k},same:${keyB.toString('base64')}` });
    expect(problems).toHaveLength(4);
    expect(problems.slice(0, 3).every((p) => p.includes('must be keyId:base64key'))).toBe(true);
    expect(problems[3]).toBe('MESSAGE_ENCRYPTION_KEYS (entry 5 of 5) repeats the key id "same": every key needs its own id');
  });
});
