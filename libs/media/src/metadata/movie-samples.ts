import { MalformedImageError } from './byte-reader';
import { safeNumber } from './iso-boxes';

const MP4 = 'an MP4';

/**
 * Handlers of tracks whose samples are what the device measured while recording rather than the
 * media: `meta` (ISO and QuickTime timed metadata: a GoPro's GPMF with its GPS track, a DJI drone's
 * `djmd`, an iPhone's `mebx`) and `camm` (Google's camera motion metadata, GPS among its types).
 */
const TIMED_METADATA_HANDLERS = new Set(['meta', 'camm']);

/** The sample table boxes that say where a track's samples are in the file. */
export const SAMPLE_TABLE_BOXES = new Set(['stsc', 'stsz', 'stz2', 'stco', 'co64']);

/** A track's handler and sample tables (their bodies), as its `trak` box is read. */
export class TrackBoxes {
  handler: string | null = null;
  readonly tables = new Map<string, Buffer>();

  /** `hdlr` body: version and flags, QuickTime's component type (0 in MP4), then the handler type. */
  readHandler(body: Buffer): void {
    if (body.length < 12) throw new MalformedImageError(`${MP4} hdlr box shorter than its fields`);
    this.handler = body.toString('latin1', 8, 12);
  }

  get isTimedMetadata(): boolean {
    return this.handler !== null && TIMED_METADATA_HANDLERS.has(this.handler);
  }
}

/** A byte range of the file, [start, end). */
export type ByteRange = readonly [number, number];

/**
 * Where the samples of a track are: one range per chunk (a chunk's samples are contiguous), from
 * `stsc` (samples per chunk, by runs of chunks), `stsz` or `stz2` (each sample's size) and `stco`
 * or `co64` (each chunk's file offset). Tables that do not add up are a malformed file.
 */
export function sampleRanges(track: TrackBoxes): ByteRange[] {
  const stz2 = track.tables.get('stz2');
  const sizes = stz2 ? compactSampleSizes(stz2) : sampleSizes(required(track, 'stsz'));
  const co64 = track.tables.get('co64');
  const offsets = co64 ? fullBoxEntries(co64, 'co64', 8) : fullBoxEntries(required(track, 'stco'), 'stco', 4);
  const offsetOf = (chunk: number) => (co64 ? safeNumber(co64.readBigUInt64BE(offsets.at(chunk)), MP4) : offsets.body.readUInt32BE(offsets.at(chunk)));
  const runs = fullBoxEntries(required(track, 'stsc'), 'stsc', 12);
  const ranges: ByteRange[] = [];
  let sample = 0;
  for (let chunk = 0, run = 0; chunk < offsets.count && runs.count > 0; chunk++) {
    // Runs are numbered from chunk 1; each holds until the next run's first chunk.
    while (run + 1 < runs.count && chunk + 1 >= runs.body.readUInt32BE(runs.at(run + 1))) run++;
    const perChunk = runs.body.readUInt32BE(runs.at(run) + 4);
    if (perChunk > sizes.count - sample) throw new MalformedImageError(`${MP4} track's sample tables disagree: its chunks hold more samples than it has`);
    let length = 0;
    for (let i = 0; i < perChunk; i++) length += sizes.of(sample++);
    if (length > 0) ranges.push([offsetOf(chunk), offsetOf(chunk) + length]);
  }
  return ranges;
}

function required(track: TrackBoxes, type: string): Buffer {
  const body = track.tables.get(type);
  if (!body) throw new MalformedImageError(`${MP4} ${track.handler} track without its ${type} box`);
  return body;
}

/** A full box's table: version and flags, an entry count, then `count` entries of `entrySize` bytes from `first`. */
function fullBoxEntries(body: Buffer, type: string, entrySize: number, first = 8) {
  if (body.length < first) throw new MalformedImageError(`${MP4} ${type} box shorter than its fields`);
  const count = body.readUInt32BE(first - 4);
  if (count * entrySize > body.length - first) throw new MalformedImageError(`${MP4} ${type} box shorter than its ${count} entries`);
  return { body, count, at: (i: number) => first + i * entrySize };
}

interface SampleSizes {
  count: number;
  of: (sample: number) => number;
}

/** `stsz`: version and flags, one size for every sample (0: each has its own), the sample count, the sizes. */
function sampleSizes(body: Buffer): SampleSizes {
  if (body.length < 12) throw new MalformedImageError(`${MP4} stsz box shorter than its fields`);
  const fixed = body.readUInt32BE(4);
  if (fixed) return { count: body.readUInt32BE(8), of: () => fixed };
  const table = fullBoxEntries(body, 'stsz', 4, 12);
  return { count: table.count, of: (i) => body.readUInt32BE(table.at(i)) };
}

/** `stz2`: version and flags, 24 reserved bits, the field size (4, 8 or 16 bits), the sample count, the sizes. */
function compactSampleSizes(body: Buffer): SampleSizes {
  if (body.length < 12) throw new MalformedImageError(`${MP4} stz2 box shorter than its fields`);
  const bits = body[7];
  if (bits !== 4 && bits !== 8 && bits !== 16) throw new MalformedImageError(`${MP4} stz2 box with a field size of ${bits} bits`);
  const count = body.readUInt32BE(8);
  if (count * bits > (body.length - 12) * 8) throw new MalformedImageError(`${MP4} stz2 box shorter than its ${count} entries`);
  if (bits === 16) return { count, of: (i) => body.readUInt16BE(12 + i * 2) };
  if (bits === 8) return { count, of: (i) => body[12 + i] };
  // Two sizes a byte, the first in the high nibble.
  return { count, of: (i) => (i % 2 ? body[12 + (i >> 1)] & 0x0f : body[12 + (i >> 1)] >> 4) };
}
