import { MalformedImageError, type ByteReader } from './byte-reader';
import { readElementHeader, voidHeader, type EbmlElementHeader } from './ebml';

const WEBM = 'a WebM';

const ID = {
  ebml: 0x1a45dfa3,
  segment: 0x18538067,
  cluster: 0x1f43b675,
  info: 0x1549a966,
  tags: 0x1254c367,
  attachments: 0x1941a469,
  title: 0x7ba9,
  dateUtc: 0x4461,
  muxingApp: 0x4d80,
  writingApp: 0x5741,
  crc32: 0xbf,
} as const;

/** What is done to an element met at a level: made a Void, its text blanked, or walked into. */
type Rewrite = 'void' | 'blank-text' | Level;
type Level = 'file' | 'segment' | 'info';

/**
 * Matroska and WebM keep what a recorder or an editor wrote about a recording apart from the
 * media: `Tags` (any name and value: the location, the device, the author, which converters copy
 * over from a phone's MP4), `Attachments` (files carried along, cover pictures among them), and in
 * `Info` the title, the date of recording and the muxing and writing software. Tags and
 * Attachments, the title and the date become Void elements, which every reader skips; the
 * software's names, which a file must have, become empty (zeros, as a string may be padded). An
 * Info's CRC-32 no longer matches once its content changes, so it goes too. Everything else passes
 * unread, Clusters with their blocks included.
 */
const REWRITES: Record<Level, Partial<Record<number, Rewrite>>> = {
  file: { [ID.segment]: 'segment' },
  segment: { [ID.info]: 'info', [ID.tags]: 'void', [ID.attachments]: 'void' },
  info: { [ID.title]: 'void', [ID.dateUtc]: 'void', [ID.muxingApp]: 'blank-text', [ID.writingApp]: 'blank-text', [ID.crc32]: 'void' },
};

/**
 * Strips a WebM or Matroska file in place: no element changes size, so the positions a SeekHead or
 * Cues give stay right and the media play exactly as before. It streams, holding only element
 * headers; a Segment or Cluster of unknown size (as a recorder streaming its output writes) ends
 * with the file or at the next element of its parent's level, so a Cluster of unknown size is
 * walked in line: its blocks pass as the Segment's elements would.
 */
export async function* stripWebm(reader: ByteReader): AsyncGenerator<Buffer, void> {
  const header = await readElementHeader(reader);
  if (header.id !== ID.ebml || header.size === null) throw new MalformedImageError('not a WebM or Matroska file: no EBML header');
  yield header.bytes;
  yield* reader.pass(header.size, `${WEBM} EBML header`);
  yield* children(reader, 'file', null);
}

/** The elements of a level, each rewritten as the level says, up to `size` bytes or, when null, to the end of the file. */
async function* children(reader: ByteReader, level: Level, size: number | null): AsyncGenerator<Buffer> {
  let left = size ?? Number.POSITIVE_INFINITY;
  while (left > 0 && !(size === null && (await reader.atEnd()))) {
    const element = await readElementHeader(reader);
    const rewrite = REWRITES[level][element.id];
    if (element.size === null) {
      // Only a master may have an unknown size: it runs to the end of its parent.
      if (rewrite === 'segment') {
        yield element.bytes;
        yield* children(reader, rewrite, size === null ? null : left - element.bytes.length);
        return;
      }
      if (element.id !== ID.cluster || level !== 'segment') throw new MalformedImageError(`${WEBM} element ${element.id.toString(16)} of unknown size`);
      yield element.bytes;
      left -= element.bytes.length;
      continue;
    }
    const length = element.bytes.length + element.size;
    if (length > left) throw new MalformedImageError(`${WEBM} element ${element.id.toString(16)} past the end of its parent`);
    yield* rewritten(reader, element as EbmlElementHeader & { size: number }, rewrite);
    left -= length;
  }
}

async function* rewritten(reader: ByteReader, element: EbmlElementHeader & { size: number }, rewrite: Rewrite | undefined): AsyncGenerator<Buffer> {
  const what = `${WEBM} element ${element.id.toString(16)}`;
  if (rewrite === 'void') {
    yield voidHeader(element.bytes.length, element.size);
    // An ID and size of more than 9 bytes outgrow the Void's size field (8 at most): its data takes the rest, zeros too.
    yield Buffer.alloc(Math.max(0, element.bytes.length - 1 - 8));
    for await (const part of reader.pass(element.size, what)) yield Buffer.alloc(part.length);
  } else if (rewrite === 'blank-text') {
    yield element.bytes;
    for await (const part of reader.pass(element.size, what)) yield Buffer.alloc(part.length);
  } else if (rewrite) {
    yield element.bytes;
    yield* children(reader, rewrite, element.size);
  } else {
    yield element.bytes;
    yield* reader.pass(element.size, what);
  }
}
