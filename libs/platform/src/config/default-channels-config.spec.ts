import { EnvReader } from './env-reader';
import { readDefaultChannels } from './default-channels-config';

const read = (env: Record<string, string>) => {
  const r = new EnvReader(env);
  return { channels: readDefaultChannels(r, 20), problems: r.problems };
};

describe('DEFAULT_CHANNELS', () => {
  it('is `general` when unset, and nothing when set empty (the feature off)', () => {
    expect(read({})).toEqual({ channels: ['general'], problems: [] });
    expect(read({ DEFAULT_CHANNELS: '' })).toEqual({ channels: [], problems: [] });
    expect(read({ DEFAULT_CHANNELS: '  ' })).toEqual({ channels: [], problems: [] });
  });

  it('reads a comma-separated list in order, each name trimmed as channel creation trims it', () => {
    expect(read({ DEFAULT_CHANNELS: ' general , Random talk,announcements' })).toEqual({ channels: ['general', 'Random talk', 'announcements'], problems: [] });
  });

  it('refuses, by name, what channel creation would refuse: an empty name, one past CONVERSATION_NAME_MAX_CHARS, a NUL', () => {
    for (const value of ['general,,random', 'general,', 'x'.repeat(21), 'bad\u0000name']) {
      const { channels, problems } = read({ DEFAULT_CHANNELS: value });
      expect(channels).toEqual([]);
      expect(problems).toEqual([expect.stringMatching(/^DEFAULT_CHANNELS /)]);
    }
    expect(read({ DEFAULT_CHANNELS: 'x'.repeat(20) }).problems).toEqual([]);
  });

  it('refuses more than 10 channels, and one channel named twice (names are unique regardless of case)', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `c${i}`).join(',');
    expect(read({ DEFAULT_CHANNELS: eleven }).problems).toEqual([expect.stringContaining('at most 10')]);
    expect(read({ DEFAULT_CHANNELS: eleven.slice(0, eleven.lastIndexOf(',')) }).problems).toEqual([]);
    expect(read({ DEFAULT_CHANNELS: 'general,General' }).problems).toEqual([expect.stringContaining('twice')]);
  });
});
