import { Writable } from 'node:stream';
import { writeChunk } from './write-chunk';

describe('writeChunk', () => {
  /** A stream whose reader never reads: the first write fills its one-byte buffer, and no `drain` ever comes. */
  const stalled = () => new Writable({ highWaterMark: 1, write: () => undefined });

  it('waits for drain when the buffer is full, then goes on', async () => {
    let done: (() => void) | undefined;
    const out = new Writable({ highWaterMark: 1, write: (_chunk, _enc, callback) => (done = callback) });
    let written = false;
    const writing = writeChunk(out, 'ab').then(() => (written = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toBe(false);
    done!();
    await writing;
    expect(written).toBe(true);
  });

  it('rejects when the stream closes while it waits for drain (a client that went away emits only close)', async () => {
    const out = stalled();
    const writing = writeChunk(out, 'ab');
    await new Promise((resolve) => setImmediate(resolve));
    out.destroy();
    await expect(writing).rejects.toThrow(/closed before it was written/);
    expect(out.listenerCount('close')).toBe(0);
    expect(out.listenerCount('drain')).toBe(0);
  });

  it('rejects with the stream’s error when it fails while it waits', async () => {
    const out = stalled();
    const writing = writeChunk(out, 'ab');
    out.destroy(new Error('disk full'));
    await expect(writing).rejects.toThrow('disk full');
  });

  it('refuses to write to a stream closed already', async () => {
    const out = stalled();
    out.destroy();
    await expect(writeChunk(out, 'ab')).rejects.toThrow(/closed before it was written/);
  });
});
