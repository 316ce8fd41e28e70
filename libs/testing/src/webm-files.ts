import { ebml, ebmlUint, readVint, webmHeader } from './ebml-elements';

/**
 * WebM recordings built byte by byte with what recorders, editors and converters write about a
 * recording, in the places they write it, for the specs of the metadata stripper. The blocks are
 * stand-in bytes: the stripper never reads them, and the specs check they pass untouched.
 */

const ID = {
  ebml: 0x1a45dfa3,
  segment: 0x18538067,
  seekHead: 0x114d9b74,
  info: 0x1549a966,
  tracks: 0x1654ae6b,
  cluster: 0x1f43b675,
  tags: 0x1254c367,
  attachments: 0x1941a469,
} as const;

/** What the fixture's metadata says: a spec checks none of it is left. */
export const WEBM_SECRETS = ['+51.5007-000.1246/', 'Alice Example', 'Pixel 9 Pro', 'Holiday in London', 'cover.jpg', 'HandBrake 1.7.3'];

/** Stand-in coded frames: the media the stripper must not touch. */
export const WEBM_SAMPLES = Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 29 + 7) & 0xff));

export interface WebmRecordingOptions {
  /** Segment and Clusters of unknown size, as a recorder streaming its output writes them. */
  streamed?: boolean;
  /** A CRC-32 first in Info, as mkvmerge writes. */
  infoCrc?: boolean;
  /** Built as the stripper should leave it: Tags, Attachments, the title, the date and the CRC-32 Void elements, the software's names zeros. */
  stripped?: boolean;
}

/**
 * A WebM with one VP8 track: Info with a title, a date of recording and the muxing and writing
 * software; Attachments (a cover picture) before the clusters; Tags (location, author, device, as
 * ffmpeg copies them from a phone's MP4) after them.
 */
export function makeWebm({ streamed = false, infoCrc = false, stripped = false }: WebmRecordingOptions = {}): Buffer {
  const { title, dateUtc, tags, attachments } = recorderMetadata();
  const metadata = (element: Buffer) => (stripped ? voided(element) : element);
  const text = (id: number, value: string) => ebml(id, stripped ? Buffer.alloc(value.length) : Buffer.from(value));
  const info = ebml(ID.info, [
    ...(infoCrc ? [metadata(ebml(0xbf, Buffer.from('c0ffee00', 'hex')))] : []),
    ebml(0x2ad7b1, ebmlUint(1_000_000)),
    metadata(title),
    text(0x4d80, 'Lavf61.1.100'),
    text(0x5741, 'HandBrake 1.7.3'),
    metadata(dateUtc),
  ]);
  const track = ebml(0xae, [ebml(0xd7, ebmlUint(1)), ebml(0x73c5, ebmlUint(1)), ebml(0x83, ebmlUint(1)), ebml(0x86, Buffer.from('V_VP8')), ebml(0xe0, [ebml(0xb0, ebmlUint(64)), ebml(0xba, ebmlUint(48))])]);
  const block = (time: number, part: Buffer) => ebml(0xa3, [Buffer.from([0x81, 0, time, 0x80]), part]);
  const clusters = [0, 1].map((n) => ebml(ID.cluster, [ebml(0xe7, ebmlUint(n * 100)), block(0, WEBM_SAMPLES.subarray(n * 100, n * 100 + 50)), block(33, WEBM_SAMPLES.subarray(n * 100 + 50, n * 100 + 100))], streamed));
  const seekHead = ebml(ID.seekHead, [ebml(0x4dbb, [ebml(0x53ab, Buffer.from('1254c367', 'hex')), ebml(0x53ac, ebmlUint(0))])]);
  const segment = ebml(ID.segment, [seekHead, info, ebml(ID.tracks, [track]), metadata(attachments), ...clusters, metadata(tags)], streamed);
  return Buffer.concat([webmHeader(), segment]);
}

/**
 * A real recording as Chromium's MediaRecorder writes it (a Segment starting with a SeekHead and a
 * Void, reserved room, before Info) with what an editor or converter writes added: a title and a
 * date of recording in Info, and Tags and Attachments at the end of the Segment. Nothing the
 * SeekHead or the Cues point at moves: Info grows into the Void's room (its SeekHead entry follows
 * it), and the Segment's size grows by what is appended.
 */
export function withRecorderMetadata(webm: Buffer): Buffer {
  const header = elementAt(webm, 0);
  const segment = elementAt(webm, header.end);
  if (segment.id !== ID.segment) throw new Error('withRecorderMetadata: no Segment after the EBML header');
  const children: ElementAt[] = [];
  for (let at = segment.data; at < (segment.size === null ? webm.length : segment.end); at = children[children.length - 1].end) children.push(elementAt(webm, at));
  const [seekHead, room, info] = children;
  if (seekHead?.id !== ID.seekHead || room?.id !== 0xec || info?.id !== ID.info) throw new Error('withRecorderMetadata: the Segment does not start with SeekHead, Void, Info');

  const { title, dateUtc, tags, attachments } = recorderMetadata({ compact: true });
  const infoBody = Buffer.concat([webm.subarray(info.data, info.end), title, dateUtc]);
  const grownInfo = Buffer.concat([webm.subarray(info.start, info.data - info.sizeLength), vintOf(infoBody.length, info.sizeLength), infoBody]);
  const roomLeft = room.end - room.start - (grownInfo.length - (info.end - info.start));
  if (roomLeft < 1 + room.sizeLength) throw new Error('withRecorderMetadata: the Void leaves too little room');
  const shrunkRoom = Buffer.concat([Buffer.from([0xec]), vintOf(roomLeft - 1 - room.sizeLength, room.sizeLength), Buffer.alloc(roomLeft - 1 - room.sizeLength)]);

  const seeks = Buffer.from(webm.subarray(seekHead.start, seekHead.end));
  const infoEntry = seeks.indexOf(Buffer.from('53ab841549a96653ac', 'hex'));
  if (infoEntry < 0) throw new Error("withRecorderMetadata: the SeekHead has no entry for Info");
  const position = elementAt(seeks, infoEntry + 7);
  const infoPosition = info.start - segment.data - (info.start - room.start - shrunkRoom.length);
  vintOf(infoPosition, position.end - position.data).copy(seeks, position.data);

  const appended = Buffer.concat([tags, attachments]);
  const segmentHeader = Buffer.from(webm.subarray(segment.start, segment.data));
  if (segment.size !== null) vintOf(segment.size + appended.length, segment.sizeLength).copy(segmentHeader, segment.data - segment.start - segment.sizeLength);
  return Buffer.concat([webm.subarray(0, segment.start), segmentHeader, seeks, shrunkRoom, grownInfo, webm.subarray(info.end), appended]);
}

interface ElementAt {
  id: number;
  start: number;
  /** Where its data starts, and how long its size field is. */
  data: number;
  sizeLength: number;
  size: number | null;
  end: number;
}

function elementAt(buffer: Buffer, start: number): ElementAt {
  const idLength = Math.clz32(buffer[start]) - 23;
  const id = buffer.readUIntBE(start, idLength);
  const { value: size, length: sizeLength } = readVint(buffer, start + idLength);
  const data = start + idLength + sizeLength;
  return { id, start, data, sizeLength, size, end: size === null ? buffer.length : data + size };
}

/** `value` as a variable-length integer of `length` bytes. */
function vintOf(value: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let rest = value;
  for (let at = length - 1; at >= 0; at--) {
    bytes[at] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  if (rest > 0 || bytes[0] >= 0x80 >> (length - 1)) throw new Error(`${value} does not fit in a ${length}-byte variable-length integer`);
  bytes[0] |= 0x80 >> (length - 1);
  return bytes;
}

/** The metadata elements, with 8-byte sizes as `ebml` writes them or, `compact`, with the shortest sizes, as recorders write them. */
function recorderMetadata({ compact = false } = {}) {
  const element = (id: number, data: Buffer | Buffer[]) => (compact ? compactElement(id, data) : ebml(id, data));
  const simpleTag = (name: string, value: string) => element(0x67c8, [element(0x45a3, Buffer.from(name)), element(0x4487, Buffer.from(value))]);
  // 2024-06-01T12:00:00Z in nanoseconds since 2001-01-01, a signed 64-bit number.
  const date = Buffer.alloc(8);
  date.writeBigInt64BE(738_936_000_000_000_000n);
  return {
    title: element(0x7ba9, Buffer.from('Holiday in London')),
    dateUtc: element(0x4461, date),
    tags: element(ID.tags, [element(0x7373, [element(0x63c0, []), simpleTag('LOCATION', '+51.5007-000.1246/'), simpleTag('ARTIST', 'Alice Example'), simpleTag('com.android.model', 'Pixel 9 Pro')])]),
    attachments: element(ID.attachments, [element(0x61a7, [element(0x466e, Buffer.from('cover.jpg')), element(0x4660, Buffer.from('image/jpeg')), element(0x465c, Buffer.alloc(32, 0xd8)), element(0x46ae, ebmlUint(7))])]),
  };
}

/** An element with a 1-byte size (data under 127 bytes) or a 2-byte one. */
function compactElement(id: number, data: Buffer | Buffer[]): Buffer {
  const body = Array.isArray(data) ? Buffer.concat(data) : data;
  const idBytes = Buffer.from(id.toString(16).padStart(id > 0xffffff ? 8 : id > 0xffff ? 6 : id > 0xff ? 4 : 2, '0'), 'hex');
  return Buffer.concat([idBytes, vintOf(body.length, body.length < 127 ? 1 : 2), body]);
}

/** A Void element as long as `element` (one built by `ebml`: an 8-byte size), all zeros after its size. */
function voided(element: Buffer): Buffer {
  const empty = Buffer.alloc(element.length);
  empty[0] = 0xec;
  empty.writeBigUInt64BE(BigInt(element.length - 9), 1);
  empty[1] = 0x01;
  return empty;
}
