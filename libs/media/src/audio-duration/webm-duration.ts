import { ByteReader, MalformedImageError } from '../metadata/byte-reader';
import { readElementHeader } from '../metadata/ebml';

/** The Matroska elements the walk looks at (IDs with their length marker, as they are written). */
const ID = {
  segment: 0x18538067,
  info: 0x1549a966,
  timecodeScale: 0x2ad7b1,
  cluster: 0x1f43b675,
  clusterTimecode: 0xe7,
  simpleBlock: 0xa3,
  blockGroup: 0xa0,
  block: 0xa1,
  blockDuration: 0x9b,
} as const;
/**
 * Masters whose children are walked in line, as if they were not there: their children's IDs are
 * unique to them. So a Segment or Cluster of unknown size, as a recorder streaming its output
 * writes (Chromium's MediaRecorder does), needs no end to be known.
 */
const WALKED_INTO: ReadonlySet<number> = new Set([ID.segment, ID.info, ID.cluster, ID.blockGroup]);
const UNSIGNED: ReadonlySet<number> = new Set([ID.timecodeScale, ID.clusterTimecode, ID.blockDuration]);
const DEFAULT_TIMECODE_SCALE_NS = 1_000_000;

class NotWebm extends Error {}

/**
 * A WebM file's length in milliseconds, from its blocks: the latest block's time (its cluster's
 * Timecode plus the block's own offset) plus that block's duration (its BlockDuration, or else the
 * step from the block before: one frame). The header's Duration is not read: a streaming recorder
 * cannot write one (Chromium leaves it out when its output is taken in slices), and where there is
 * one it is the writer's claim, while the blocks are what a player plays. Elements stream past
 * (only IDs, sizes and a few numbers are held), so any file size costs the same memory. Null when
 * the file is not EBML, has no blocks, or ends inside an element that matters.
 */
export async function webmDurationMs(source: AsyncIterable<Uint8Array>): Promise<number | null> {
  const bytes = new ByteReader(source);
  let scaleNs = DEFAULT_TIMECODE_SCALE_NS;
  let clusterTime = 0;
  let last: number | null = null;
  let step = 0;
  let blockEnd = 0;
  try {
    const header = await readElementHeader(bytes);
    if (header.id !== 0x1a45dfa3 || header.size === null) return null; // the EBML header: not EBML otherwise
    await bytes.skip(header.size, 'the EBML header');
    while (!(await bytes.atEnd())) {
      const { id, size } = await readElementHeader(bytes);
      if (WALKED_INTO.has(id)) continue;
      if (size === null) throw new NotWebm(`element ${id.toString(16)} of unknown size`);
      if (UNSIGNED.has(id)) {
        const value = readUnsigned(await bytes.read(size, 'a number'));
        if (id === ID.timecodeScale) scaleNs = value || DEFAULT_TIMECODE_SCALE_NS;
        else if (id === ID.clusterTimecode) clusterTime = value;
        else if (last !== null) blockEnd = Math.max(blockEnd, last + value);
      } else if (id === ID.simpleBlock || id === ID.block) {
        const time = clusterTime + (await readBlockOffset(bytes, size));
        if (last !== null && time > last) step = time - last;
        last = time;
        blockEnd = Math.max(blockEnd, time + step);
      } else await bytes.skip(size, 'an element');
    }
  } catch (err) {
    // MalformedImageError: the ByteReader's "the file ends inside …" and the EBML reader's bad markers (written for images first).
    if (err instanceof NotWebm || err instanceof MalformedImageError) return null;
    throw err;
  }
  return last === null ? null : Math.round((blockEnd * scaleNs) / 1e6);
}

function readUnsigned(data: Buffer): number {
  if (data.length > 7) throw new NotWebm('a number past 2^53');
  return data.reduce((value, b) => value * 256 + b, 0);
}

/** A (Simple)Block's time relative to its cluster: after the track number, a signed 16-bit count. The rest is skipped. */
async function readBlockOffset(bytes: ByteReader, size: number): Promise<number> {
  const [first] = await bytes.read(1, 'a block');
  const trackBytes = Math.clz32(first) - 23;
  if (trackBytes < 1 || trackBytes > 8 || size < trackBytes + 3) throw new NotWebm('not a block');
  await bytes.skip(trackBytes - 1, 'a block');
  const offset = (await bytes.read(2, 'a block')).readInt16BE(0);
  await bytes.skip(size - trackBytes - 2, 'a block');
  return offset;
}
