/**
 * ISOBMFF boxes built byte by byte, and MP4 recordings made of them with what phones write about a
 * video in the places they write it, for the specs of the metadata stripper. The samples are
 * stand-in bytes: the stripper never reads `mdat`, and the specs check it is passed untouched.
 */

/** `value` big-endian in `size` bytes (0, 1, 2, 4 or 8). */
export function uintBytes(value: number, size: number): Buffer {
  const bytes = Buffer.alloc(size);
  if (size === 1) bytes.writeUInt8(value);
  if (size === 2) bytes.writeUInt16BE(value);
  if (size === 4) bytes.writeUInt32BE(value);
  if (size === 8) bytes.writeBigUInt64BE(BigInt(value));
  return bytes;
}

export const latin1 = (value: string) => Buffer.from(value, 'latin1');

export function isoBox(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([uintBytes(8 + body.length, 4), latin1(type), body]);
}

/** A box with a 64-bit size (size field 1). */
export function isoLargeBox(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([uintBytes(1, 4), latin1(type), uintBytes(16 + body.length, 8), body]);
}

export const isoFullBox = (type: string, version: number, ...parts: Buffer[]) => isoBox(type, Buffer.from([version, 0, 0, 0]), ...parts);

/** What the fixture's metadata says: a spec checks none of it is left. */
export const MOVIE_SECRETS = ['+51.5007-000.1246', 'Alice Example', 'Pixel 9 Pro', 'SN-98765', 'xmpmeta', 'Home'];

/** 2024-06-01 in seconds since 1904, the epoch of movie times. */
const RECORDED_AT = 3_799_958_400;

/** Stand-in coded samples: the media the stripper must not touch. */
export const MOVIE_SAMPLES = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37 + 11) & 0xff));

export interface MovieOptions {
  /** `moov` after `mdat`, as phones record (default: before, as a web-optimized file). */
  moovLast?: boolean;
  /** `mdat` with a 64-bit size. */
  largeMdat?: boolean;
  /** The last box with size 0 ("to the end of the file"). */
  lastToEnd?: boolean;
  /** Built as the stripper should leave it: each metadata box a `free` box of zeros, each recording time 0. */
  stripped?: boolean;
}

/** A `free` box of zeros as long as `box`. */
function freed(box: Buffer): Buffer {
  const free = Buffer.alloc(box.length);
  box.copy(free, 0, 0, 4);
  free.write('free', 4, 'latin1');
  return free;
}

/**
 * An MP4 with the metadata phones write: Android's `©xyz` location and make/model in `moov/udta`,
 * Apple's keys in `moov/meta`, XMP in a top-level `uuid`, a track name in `trak/udta`, and the
 * recording time in `mvhd` (version 0), `tkhd` (version 1) and `mdhd` (version 0).
 */
export function makeMovie({ moovLast = false, largeMdat = false, lastToEnd = false, stripped = false }: MovieOptions = {}): Buffer {
  const size = (version: number) => (version === 1 ? 8 : 4);
  const times = (version: number) => Buffer.concat([uintBytes(stripped ? 0 : RECORDED_AT, size(version)), uintBytes(stripped ? 0 : RECORDED_AT + 1, size(version))]);
  const metadata = (box: Buffer) => (stripped ? freed(box) : box);
  const mvhd = isoFullBox('mvhd', 0, times(0), uintBytes(1000, 4), uintBytes(5000, 4), Buffer.alloc(80, 1));
  const tkhd = isoFullBox('tkhd', 1, times(1), uintBytes(1, 4), Buffer.alloc(4), uintBytes(5000, 8), Buffer.alloc(60, 2));
  const mdhd = isoFullBox('mdhd', 0, times(0), uintBytes(30_000, 4), uintBytes(150_000, 4), uintBytes(0x55c4, 2), Buffer.alloc(2));
  const hdlr = isoFullBox('hdlr', 0, Buffer.alloc(4), latin1('vide'), Buffer.alloc(12), latin1('VideoHandle\0'));
  const stbl = isoBox('stbl', isoFullBox('stco', 0, uintBytes(1, 4), uintBytes(0, 4)));
  const mdia = isoBox('mdia', mdhd, hdlr, isoBox('minf', stbl));
  const { trakUdta, androidUdta, appleMeta, xmp } = phoneMetadata();
  const trak = isoBox('trak', tkhd, mdia, metadata(trakUdta));
  const moov = isoBox('moov', mvhd, trak, metadata(androidUdta), metadata(appleMeta));
  const ftyp = isoBox('ftyp', latin1('isom'), uintBytes(0x200, 4), latin1('isomiso2avc1mp41'));
  const mdat = largeMdat ? isoLargeBox('mdat', MOVIE_SAMPLES) : isoBox('mdat', MOVIE_SAMPLES);
  const boxes = moovLast ? [ftyp, metadata(xmp), mdat, moov] : [ftyp, moov, metadata(xmp), mdat];
  if (lastToEnd) boxes[boxes.length - 1].writeUInt32BE(0, 0);
  return Buffer.concat(boxes);
}

/** The boxes makeMovie puts its metadata in, as phones and editors write them. */
function phoneMetadata() {
  const dataAtom = (value: string) => isoBox('data', uintBytes(1, 4), uintBytes(0, 4), latin1(value));
  return {
    trakUdta: isoBox('udta', isoBox('name', latin1('Home'))),
    androidUdta: isoBox('udta', isoBox('\xa9xyz', uintBytes(17, 2), uintBytes(0x15c7, 2), latin1('+51.5007-000.1246')), isoBox('\xa9mak', latin1('Google')), isoBox('\xa9mod', latin1('Pixel 9 Pro'))),
    appleMeta: isoBox(
      'meta',
      isoFullBox('hdlr', 0, Buffer.alloc(4), latin1('mdta'), Buffer.alloc(13)),
      isoFullBox('keys', 0, uintBytes(2, 4), isoBox('mdta', latin1('com.apple.quicktime.location.ISO6709')), isoBox('mdta', latin1('com.apple.quicktime.author'))),
      isoBox('ilst', isoBox('\0\0\0\x01', dataAtom('+51.5007-000.1246/')), isoBox('\0\0\0\x02', dataAtom('Alice Example'))),
    ),
    xmp: isoBox('uuid', Buffer.from('be7acfcb97a942e89c71999491e3afac', 'hex'), latin1('<x:xmpmeta xmlns:x="adobe:ns:meta/">Serial SN-98765</x:xmpmeta>')),
  };
}

/**
 * A real recording (`movie`: top-level boxes with 32-bit sizes, a `moov` whose first box is
 * `mvhd`) with what a phone writes added: the metadata boxes of makeMovie at the end of its
 * `moov`, and a recording time in `mvhd`.
 */
export function withPhoneMetadata(movie: Buffer): Buffer {
  const boxes: Buffer[] = [];
  for (let at = 0; at < movie.length; at += movie.readUInt32BE(at)) boxes.push(movie.subarray(at, at + movie.readUInt32BE(at)));
  const { androidUdta, appleMeta, xmp } = phoneMetadata();
  return Buffer.concat(
    boxes.map((box) => {
      if (box.toString('latin1', 4, 8) !== 'moov') return box;
      const body = Buffer.from(box.subarray(8));
      if (body.toString('latin1', 4, 8) !== 'mvhd') throw new Error('withPhoneMetadata: the moov does not start with mvhd');
      if (body[8] === 1) body.writeBigUInt64BE(BigInt(RECORDED_AT), 12);
      else body.writeUInt32BE(RECORDED_AT, 12);
      return isoBox('moov', body, androidUdta, appleMeta, xmp);
    }),
  );
}
