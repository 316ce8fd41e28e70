import { EnvReader } from './env-reader';
import { readE2ee } from './e2ee-config';

describe('E2EE configuration', () => {
  const read = (env: Record<string, string>) => {
    const r = new EnvReader(env);
    return { config: readE2ee(r), problems: r.problems };
  };

  it('has bounded defaults', () => {
    expect(read({})).toEqual({ config: { messageMaxChars: 16_000, deviceKeysMax: 10, envelopeMaxChars: 1024, backupMaxBytes: 8192 }, problems: [] });
  });

  it('takes every limit from its variable', () => {
    const { config } = read({ E2EE_MESSAGE_MAX_CHARS: '500', E2EE_DEVICE_KEYS_MAX: '3', E2EE_ENVELOPE_MAX_CHARS: '600', E2EE_BACKUP_MAX_BYTES: '2048' });
    expect(config).toEqual({ messageMaxChars: 500, deviceKeysMax: 3, envelopeMaxChars: 600, backupMaxBytes: 2048 });
  });

  it('refuses limits too small to hold a key or an envelope, naming the variable', () => {
    const { problems } = read({ E2EE_MESSAGE_MAX_CHARS: '10', E2EE_DEVICE_KEYS_MAX: '0', E2EE_ENVELOPE_MAX_CHARS: '100', E2EE_BACKUP_MAX_BYTES: 'lots' });
    expect(problems).toHaveLength(4);
    for (const name of ['E2EE_MESSAGE_MAX_CHARS', 'E2EE_DEVICE_KEYS_MAX', 'E2EE_ENVELOPE_MAX_CHARS', 'E2EE_BACKUP_MAX_BYTES']) expect(problems.join('\n')).toContain(name);
  });
});
