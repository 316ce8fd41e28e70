import { ByteReader, MalformedImageError } from './byte-reader';
import { stripAvif } from './strip-avif';
import { stripMovie } from './strip-movie';
import { stripWebm } from './strip-webm';

/**
 * Removes what a camera, a phone or an editor records about a picture or a recording (GPS
 * position, camera serial, make and model, owner, dates, comments, editing history) from JPEG, PNG,
 * WebP, GIF and AVIF pictures and MP4, QuickTime, M4A, WebM and Matroska recordings as they stream
 * in. It only drops whole segments or chunks (or, in AVIF and the recordings, blanks the
 * metadata's bytes in place) and never touches the coded pixels or samples: the file decodes exactly as before, and
 * nothing is re-encoded. Bytes after a picture's end (an appended video of a "motion photo", a
 * hidden archive) are dropped too. Other types pass unchanged.
 */
export function stripMetadata(contentType: string, source: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const strip = STRIPPERS[contentType];
  return strip ? stripped(strip, new ByteReader(source)) : source;
}

export function stripsMetadataOf(contentType: string): boolean {
  return contentType in STRIPPERS;
}

type Stripper = (reader: ByteReader) => AsyncGenerator<Buffer, void>;

const STRIPPERS: Record<string, Stripper> = {
  'image/jpeg': stripJpeg,
  'image/png': stripPng,
  'image/webp': stripWebp,
  'image/gif': stripGif,
  'image/avif': stripAvif,
  'video/mp4': stripMovie,
  'video/quicktime': stripMovie,
  'audio/mp4': stripMovie,
  // What Safari and macOS call an .m4a.
  'audio/x-m4a': stripMovie,
  'video/webm': stripWebm,
  'audio/webm': stripWebm,
  'video/x-matroska': stripWebm,
  'audio/x-matroska': stripWebm,
};

async function* stripped(strip: Stripper, reader: ByteReader): AsyncGenerator<Buffer> {
  yield* strip(reader);
  // The rest is not kept, but is still read: the upload's size limits count every byte sent.
  await reader.drain();
}

// --- JPEG: a sequence of marker segments; after each start-of-scan, entropy-coded data up to the next marker.

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP14 = 0xee;
const APP15 = 0xef;
const COM = 0xfe;
const EXIF = Buffer.from('Exif\0\0', 'latin1');

/**
 * APP0 (JFIF: pixel density), APP2 `ICC_PROFILE` (the colours) and APP14 `Adobe` (how CMYK and
 * YCCK pixels are coded: decoding needs it) are kept; every other APPn segment (Exif and XMP in
 * APP1, IPTC and Photoshop in APP13, maker data in the rest, the multi-picture index in APP2,
 * whose images after the end are dropped) and every comment goes.
 */
function keepsSegment(marker: number, payload: Buffer): boolean {
  if (marker === COM) return false;
  if (marker < APP0 || marker > APP15) return true;
  if (marker === APP0) return startsWith(payload, 'JFIF\0');
  if (marker === APP2) return startsWith(payload, 'ICC_PROFILE\0');
  if (marker === APP14) return startsWith(payload, 'Adobe');
  return false;
}

async function* stripJpeg(reader: ByteReader): AsyncGenerator<Buffer, void> {
  const soi = await reader.read(2, 'the JPEG header');
  if (soi[0] !== 0xff || soi[1] !== SOI) throw new MalformedImageError('not a JPEG: no start-of-image marker');
  yield soi;
  let orientationKept = false;
  for (;;) {
    const marker = await readMarker(reader);
    if (marker === EOI) {
      yield Buffer.from([0xff, EOI]);
      return;
    }
    // Restart markers and TEM stand alone (no length).
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      yield Buffer.from([0xff, marker]);
      continue;
    }
    const length = await reader.read(2, 'a JPEG segment');
    if (length.readUInt16BE(0) < 2) throw new MalformedImageError('a JPEG segment with a length below 2');
    const payload = await reader.read(length.readUInt16BE(0) - 2, 'a JPEG segment');
    if (keepsSegment(marker, payload)) yield Buffer.concat([Buffer.from([0xff, marker]), length, payload]);
    else if (marker === APP1 && !orientationKept) {
      const orientation = exifOrientation(payload);
      if (orientation !== 1) {
        yield orientationOnlyExif(orientation);
        orientationKept = true;
      }
    }
    if (marker === SOS && (yield* passEntropyData(reader)) === 'truncated') return;
  }
}

/** A marker: 0xFF, optional 0xFF fill bytes, the marker's code. */
async function readMarker(reader: ByteReader): Promise<number> {
  if ((await reader.read(1, 'a JPEG marker'))[0] !== 0xff) throw new MalformedImageError('JPEG data where a marker belongs');
  let code = 0xff;
  while (code === 0xff) code = (await reader.read(1, 'a JPEG marker'))[0];
  if (code === 0x00) throw new MalformedImageError('a JPEG marker of code 0');
  return code;
}

/**
 * Copies a scan's entropy-coded data, in which 0xFF is followed by 0x00 (a stuffed byte) or a
 * restart marker; any other marker ends the scan and is left for the segment parser. A file that
 * ends inside a scan (a truncated download decoders still show) ends there.
 */
async function* passEntropyData(reader: ByteReader): AsyncGenerator<Buffer, 'marker' | 'truncated'> {
  for (;;) {
    if (!(await reader.fill(2))) {
      if (reader.available.length === 1 && reader.available[0] !== 0xff) yield reader.take(1);
      return 'truncated';
    }
    const held = reader.available;
    let at = 0;
    for (;;) {
      at = held.indexOf(0xff, at);
      if (at === -1 || at + 1 === held.length) break;
      const next = held[at + 1];
      if (next !== 0x00 && (next < 0xd0 || next > 0xd7)) {
        if (at > 0) yield reader.take(at);
        return 'marker';
      }
      at += 2;
    }
    // Held bytes up to a trailing 0xFF (whose meaning comes with the next chunk) pass in one piece.
    yield reader.take(at === -1 ? held.length : at);
  }
}

/** The Exif orientation (1…8) of an APP1 payload; 1 (upright) when there is none or it is unreadable. */
export function exifOrientation(payload: Buffer): number {
  if (!startsWith(payload, EXIF)) return 1;
  const tiff = payload.subarray(EXIF.length);
  const order = tiff.toString('latin1', 0, 2);
  if (tiff.length < 8 || (order !== 'II' && order !== 'MM')) return 1;
  const u16 = (at: number) => (order === 'II' ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const ifd = order === 'II' ? tiff.readUInt32LE(4) : tiff.readUInt32BE(4);
  if (u16(2) !== 42 || ifd + 2 > tiff.length) return 1;
  for (let i = 0, entry = ifd + 2; i < u16(ifd) && entry + 12 <= tiff.length; i++, entry += 12) {
    // Tag 0x0112 Orientation, type 3 (SHORT): the value sits in the entry's first two value bytes.
    if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

/**
 * An APP1 segment holding nothing but the orientation: a picture a phone took sideways shows
 * upright only through this tag. Keeping the tag is exact for every image; turning the pixels
 * instead cannot be done losslessly when a side is not a multiple of the 8 or 16 pixel blocks,
 * and the tag says nothing about the person, the place or the camera.
 */
function orientationOnlyExif(orientation: number): Buffer {
  const segment = Buffer.alloc(36);
  segment.writeUInt16BE(0xff00 | APP1, 0);
  segment.writeUInt16BE(34, 2); // the length counts itself, not the marker
  EXIF.copy(segment, 4);
  segment.write('MM', 10, 'latin1'); // big-endian TIFF header: 42, IFD0 at offset 8
  segment.writeUInt16BE(42, 12);
  segment.writeUInt32BE(8, 14);
  segment.writeUInt16BE(1, 18); // one entry
  segment.writeUInt16BE(0x0112, 20);
  segment.writeUInt16BE(3, 22);
  segment.writeUInt32BE(1, 24);
  segment.writeUInt16BE(orientation, 28); // then two padding bytes and "no next IFD" (zeros)
  return segment;
}

// --- PNG: a signature, then length-type-data-CRC chunks up to IEND.

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Exif, text (author, comments, software, creation time, often an editor's whole settings) and the modification time. */
const PNG_METADATA = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']);

async function* stripPng(reader: ByteReader): AsyncGenerator<Buffer, void> {
  const signature = await reader.read(PNG_SIGNATURE.length, 'the PNG signature');
  if (!signature.equals(PNG_SIGNATURE)) throw new MalformedImageError('not a PNG: no PNG signature');
  yield signature;
  for (;;) {
    const header = await reader.read(8, 'a PNG chunk header');
    const length = header.readUInt32BE(0);
    if (length > 0x7fffffff) throw new MalformedImageError('a PNG chunk longer than 2^31 - 1 bytes');
    const type = header.toString('latin1', 4, 8);
    // Whole chunks go, each with its own CRC: the chunks kept stay valid as they are.
    if (PNG_METADATA.has(type)) {
      await reader.skip(length + 4, `a PNG ${type} chunk`);
      continue;
    }
    yield header;
    yield* reader.pass(length + 4, `a PNG ${type} chunk`);
    if (type === 'IEND') return;
  }
}

// --- WebP: a RIFF file of chunks; only the extended format (first chunk VP8X) can carry metadata.

const VP8X_EXIF_FLAG = 0x08;
const VP8X_XMP_FLAG = 0x04;

async function* stripWebp(reader: ByteReader): AsyncGenerator<Buffer, void> {
  const riff = await reader.read(12, 'the RIFF header');
  if (riff.toString('latin1', 0, 4) !== 'RIFF' || riff.toString('latin1', 8, 12) !== 'WEBP') throw new MalformedImageError('not a WebP: no RIFF WEBP header');
  const riffSize = riff.readUInt32LE(4);
  if (riffSize < 12) throw new MalformedImageError('a WebP without chunks');
  const first = await reader.read(8, 'a WebP chunk header');
  if (first.toString('latin1', 0, 4) !== 'VP8X') {
    // A simple file (one VP8 or VP8L chunk) has no place for metadata: it passes chunk by chunk.
    yield riff;
    yield first;
    yield* reader.pass(riffSize - 12, 'the WebP image');
    return;
  }
  // The RIFF size and the VP8X flags come first but depend on chunks that come last (EXIF and
  // XMP follow the image), so an extended file is held until its end: its size is bounded by the
  // upload limit the caller applies before this, and by RIFF's 4 GiB.
  const kept: Buffer[] = [];
  let keptBytes = 0;
  for (let left = riffSize - 4, header = first; ; ) {
    const fourCc = header.toString('latin1', 0, 4);
    const size = header.readUInt32LE(4);
    const padded = size + (size & 1);
    if (8 + padded > left) throw new MalformedImageError(`a WebP ${fourCc} chunk past the end of the file`);
    const body: Buffer[] = [];
    for await (const part of reader.pass(padded, `a WebP ${fourCc} chunk`)) body.push(part);
    if (fourCc !== 'EXIF' && fourCc !== 'XMP ') {
      kept.push(header, ...(fourCc === 'VP8X' ? [withoutMetadataFlags(Buffer.concat(body))] : body));
      keptBytes += 8 + padded;
    }
    left -= 8 + padded;
    if (left < 8) break;
    header = await reader.read(8, 'a WebP chunk header');
  }
  const header = Buffer.from(riff);
  header.writeUInt32LE(4 + keptBytes, 4);
  yield header;
  yield* kept;
}

function withoutMetadataFlags(vp8x: Buffer): Buffer {
  if (vp8x.length < 10) throw new MalformedImageError('a WebP VP8X chunk shorter than 10 bytes');
  const copy = Buffer.from(vp8x);
  copy[0] &= ~(VP8X_EXIF_FLAG | VP8X_XMP_FLAG);
  return copy;
}

// --- GIF: a header, the screen (and its colour table), then blocks up to the trailer.

const GIF_EXTENSION = 0x21;
const GIF_IMAGE = 0x2c;
const GIF_TRAILER = 0x3b;
const GIF_COMMENT = 0xfe;
const GIF_APPLICATION = 0xff;
/**
 * Application extensions that change how the picture shows: the loop count of an animation
 * (Netscape's, and its older twin) and the ICC colour profile. The rest (XMP, Photoshop's IPTC,
 * an editor's private data) only describe it.
 */
const GIF_RENDERING_APPLICATIONS = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0', 'ICCRGBG1012']);

/** Comment extensions and descriptive application extensions go; images, frame timing and plain-text frames stay. */
async function* stripGif(reader: ByteReader): AsyncGenerator<Buffer, void> {
  const header = await reader.read(13, 'the GIF header');
  const version = header.toString('latin1', 0, 6);
  if (version !== 'GIF87a' && version !== 'GIF89a') throw new MalformedImageError('not a GIF: no GIF87a or GIF89a header');
  yield header;
  yield* passColourTable(reader, header[10], 'the GIF global colour table');
  for (;;) {
    const [introducer] = await reader.read(1, 'a GIF block');
    if (introducer === GIF_TRAILER) {
      yield Buffer.from([GIF_TRAILER]);
      return;
    }
    if (introducer === GIF_IMAGE) {
      const descriptor = await reader.read(9, 'a GIF image descriptor');
      yield Buffer.from([GIF_IMAGE]);
      yield descriptor;
      yield* passColourTable(reader, descriptor[8], 'a GIF local colour table');
      yield await reader.read(1, 'a GIF image'); // the LZW minimum code size
      yield* gifSubBlocks(reader, true);
    } else if (introducer === GIF_EXTENSION) {
      const [label] = await reader.read(1, 'a GIF extension');
      if (label === GIF_APPLICATION) yield* gifApplication(reader);
      else {
        const keep = label !== GIF_COMMENT;
        if (keep) yield Buffer.from([GIF_EXTENSION, label]);
        yield* gifSubBlocks(reader, keep);
      }
    } else throw new MalformedImageError(`a GIF block of unknown type 0x${introducer.toString(16)}`);
  }
}

/** The colour table a packed field announces (its top bit), of 3 × 2^(size + 1) bytes. */
async function* passColourTable(reader: ByteReader, packed: number, what: string): AsyncGenerator<Buffer> {
  if (packed & 0x80) yield* reader.pass(3 * 2 ** ((packed & 0x07) + 1), what);
}

/** An application extension, kept or dropped by its identifier (its first sub-block). */
async function* gifApplication(reader: ByteReader): AsyncGenerator<Buffer> {
  const size = await reader.read(1, 'a GIF application extension');
  const identifier = await reader.read(size[0], 'a GIF application extension');
  const keep = size[0] === 11 && GIF_RENDERING_APPLICATIONS.has(identifier.toString('latin1'));
  if (keep) yield Buffer.concat([Buffer.from([GIF_EXTENSION, GIF_APPLICATION]), size, identifier]);
  // An empty first sub-block is already the terminator.
  if (size[0] !== 0) yield* gifSubBlocks(reader, keep);
}

/** Data sub-blocks (a length byte, then that many bytes) up to the empty one that ends them. */
async function* gifSubBlocks(reader: ByteReader, keep: boolean): AsyncGenerator<Buffer> {
  for (;;) {
    const size = await reader.read(1, 'a GIF data sub-block');
    if (keep) yield size;
    if (size[0] === 0) return;
    if (keep) yield* reader.pass(size[0], 'a GIF data sub-block');
    else await reader.skip(size[0], 'a GIF data sub-block');
  }
}

function startsWith(bytes: Buffer, prefix: Buffer | string): boolean {
  const head = typeof prefix === 'string' ? Buffer.from(prefix, 'latin1') : prefix;
  return bytes.length >= head.length && bytes.subarray(0, head.length).equals(head);
}
