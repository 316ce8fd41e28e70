import { audioDurationMs, measuresDuration } from '@chat/media';
import { makeOggOpus, makeWebmOpus } from './audio-files';

// The media readers' spec lives beside the files it reads: a feature lib's spec may not import
// @chat/testing (it depends on the features), so the reader is checked from here.

/** The file handed over in chunks of `size` bytes, as the storage streams it. */
async function* chunked(file: Buffer, size = 1000): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < file.length; at += size) yield file.subarray(at, at + size);
}

describe('audio durations read from the file', () => {
  it.each([
    ['Ogg Opus', 'audio/ogg', makeOggOpus(7_000), 7_000],
    ['Ogg Opus as audio/opus', 'audio/opus', makeOggOpus(1_260), 1_260],
    ['WebM with sized clusters', 'audio/webm', makeWebmOpus(7_000), 7_000],
    ['WebM streamed (Segment and Clusters of unknown size)', 'audio/webm', makeWebmOpus(4_520, { streamed: true, clusterMs: 980 }), 4_520],
  ])('%s', async (_, type, file, expected) => {
    expect(await audioDurationMs(type, chunked(file))).toBe(expected);
    // Chunk boundaries anywhere (here inside every header) change nothing.
    expect(await audioDurationMs(type, chunked(file, 3))).toBe(expected);
  });

  it('counts Ogg Opus time after the pre-skip the decoder drops', async () => {
    expect(await audioDurationMs('audio/ogg', chunked(makeOggOpus(2_000, { preSkip: 0 })))).toBe(2_000);
    expect(await audioDurationMs('audio/ogg', chunked(makeOggOpus(2_000, { preSkip: 3_840 })))).toBe(2_000);
  });

  it('has no duration for a file that is not what its type says, or ends inside a page or element', async () => {
    const noise = Buffer.from('not audio at all, just some text that is long enough to look like a header');
    expect(await audioDurationMs('audio/ogg', chunked(noise))).toBeNull();
    expect(await audioDurationMs('audio/webm', chunked(noise))).toBeNull();
    expect(await audioDurationMs('audio/webm', chunked(makeOggOpus(1_000)))).toBeNull();
    expect(await audioDurationMs('audio/ogg', chunked(makeWebmOpus(1_000)))).toBeNull();
    expect(await audioDurationMs('audio/ogg', chunked(makeOggOpus(3_000, { truncateBy: 10 })))).toBeNull();
    expect(await audioDurationMs('audio/webm', chunked(makeWebmOpus(3_000).subarray(0, 200)))).toBeNull();
    expect(await audioDurationMs('audio/ogg', chunked(Buffer.alloc(0)))).toBeNull();
  });

  it('reads only the types it has a reader for; others keep the declared duration', async () => {
    expect(measuresDuration('audio/webm')).toBe(true);
    expect(measuresDuration('audio/mp4')).toBe(false);
    expect(measuresDuration('constructor')).toBe(false);
    expect(await audioDurationMs('audio/mp4', chunked(makeWebmOpus(1_000)))).toBeNull();
  });
});
