import { MalformedImageError } from './byte-reader';
import { sampleRanges, TrackBoxes } from './movie-samples';

/** A full box's body (version 0, no flags) of 32-bit fields. */
const fields = (...values: number[]) => Buffer.concat([Buffer.alloc(4), ...values.map((v) => Buffer.from([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]))]);

function track(handler: string, tables: Record<string, Buffer>, componentType = '\0\0\0\0'): TrackBoxes {
  const boxes = new TrackBoxes();
  boxes.readHandler(Buffer.concat([Buffer.alloc(4), Buffer.from(componentType + handler, 'latin1'), Buffer.alloc(12)]));
  for (const [type, body] of Object.entries(tables)) boxes.tables.set(type, body);
  return boxes;
}

describe('a movie track\'s samples', () => {
  it('takes timed metadata (ISO and QuickTime `meta`, Google\'s `camm`) apart from media and subtitles', () => {
    expect(track('meta', {}).isTimedMetadata).toBe(true);
    expect(track('meta', {}, 'mhlr').isTimedMetadata).toBe(true);
    expect(track('camm', {}).isTimedMetadata).toBe(true);
    for (const media of ['vide', 'soun', 'text', 'sbtl', 'tmcd']) expect(track(media, {}).isTimedMetadata).toBe(false);
    expect(() => new TrackBoxes().readHandler(Buffer.alloc(8))).toThrow(MalformedImageError);
  });

  it('finds one range a chunk from runs of samples per chunk, each sample its size', () => {
    // Chunks 1–2 hold 2 samples each, chunk 3 on hold 1: 5 samples over 3 chunks.
    const tables = { stsc: fields(2, 1, 2, 1, 3, 1, 1), stsz: fields(0, 5, 10, 20, 30, 40, 50), stco: fields(3, 1000, 2000, 3000) };
    expect(sampleRanges(track('meta', tables))).toEqual([
      [1000, 1030],
      [2000, 2070],
      [3000, 3050],
    ]);
  });

  it('reads one size for every sample, 4-bit `stz2` sizes and 64-bit `co64` offsets', () => {
    expect(sampleRanges(track('meta', { stsc: fields(1, 1, 3, 1), stsz: fields(7, 6), stco: fields(2, 100, 200) }))).toEqual([
      [100, 121],
      [200, 221],
    ]);
    const stz2 = Buffer.concat([Buffer.alloc(4), Buffer.from([0, 0, 0, 4]), fields(3).subarray(4), Buffer.from([0x3f, 0x20])]);
    const co64 = Buffer.concat([fields(1), Buffer.from([0, 0, 0, 1, 0, 0, 0, 0])]);
    expect(sampleRanges(track('meta', { stsc: fields(1, 1, 3, 1), stz2, co64 }))).toEqual([[2 ** 32, 2 ** 32 + 3 + 15 + 2]]);
  });

  it('refuses tables that do not add up or are missing', () => {
    expect(() => sampleRanges(track('meta', { stsc: fields(1, 1, 4, 1), stsz: fields(0, 3, 1, 1, 1), stco: fields(1, 0) }))).toThrow(/sample tables disagree/);
    expect(() => sampleRanges(track('meta', { stsc: fields(1, 1, 1, 1), stsz: fields(0, 3, 1), stco: fields(1, 0) }))).toThrow(/stsz box shorter than its 3 entries/);
    expect(() => sampleRanges(track('meta', { stsc: fields(1, 1, 1, 1), stco: fields(1, 0) }))).toThrow(/meta track without its stsz box/);
    const badStz2 = Buffer.concat([Buffer.alloc(4), Buffer.from([0, 0, 0, 12]), fields(0).subarray(4)]);
    expect(() => sampleRanges(track('meta', { stsc: fields(0), stz2: badStz2, stco: fields(0) }))).toThrow(/field size of 12 bits/);
  });
});
