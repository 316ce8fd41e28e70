/**
 * ISOBMFF boxes built byte by byte, and MP4 recordings made of them with what phones and cameras
 * write about a video in the places they write it, for the specs of the metadata stripper. The
 * samples are stand-in bytes: the specs check the media's are passed untouched and the GPS
 * track's are zeros.
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

/**
 * A GoPro's GPS track (GPMF, one sample a second with the fixes of that second), as text here
 * where a camera writes binary: the first chunk holds two samples, the second one.
 */
const GPS_TRACK_SAMPLES = [latin1('DEVC GPS5 +51.50070 -000.12460'), latin1('DEVC GPS5 +51.50072'), latin1('DEVC GPS5 +51.50075 -000.12471 fix 3D')];

/** What the fixture's metadata says: a spec checks none of it is left. */
export const MOVIE_SECRETS = ['+51.5007-000.1246', 'Alice Example', 'Pixel 9 Pro', 'SN-98765', 'xmpmeta', 'Home', 'GPS5 +51.5007'];

/** The one of MOVIE_SECRETS that is in a track's samples rather than in a box (withPhoneMetadata adds no track). */
export const MOVIE_TRACK_SECRET = 'GPS5 +51.5007';

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
  /** The GPS track's tables as long recordings have them: `stz2` sample sizes and `co64` chunk offsets. */
  compactTables?: boolean;
  /** Bytes of media after the samples, to make the file as long as a real one (default none). */
  moreMediaBytes?: number;
  /** Built as the stripper should leave it: each metadata box a `free` box of zeros, each recording time 0, the GPS track's samples zeros. */
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
 * An MP4 with the metadata phones and cameras write: Android's `©xyz` location and make/model in
 * `moov/udta`, Apple's keys in `moov/meta`, XMP in a top-level `uuid`, a track name in
 * `trak/udta`, the recording time in `mvhd` (version 0), `tkhd` (version 1) and `mdhd` (version
 * 0), and a GoPro's GPS track (handler `meta`, samples `gpmd`) whose chunks sit in `mdat` on
 * either side of the media's samples.
 */
export function makeMovie({ moovLast = false, largeMdat = false, lastToEnd = false, compactTables = false, moreMediaBytes = 0, stripped = false }: MovieOptions = {}): Buffer {
  const media = Buffer.concat([MOVIE_SAMPLES, Buffer.from(Array.from({ length: moreMediaBytes }, (_, i) => (i * 13 + 7) & 0xff))]);
  const [first, second, third] = stripped ? GPS_TRACK_SAMPLES.map((sample) => Buffer.alloc(sample.length)) : GPS_TRACK_SAMPLES;
  const mdatBody = Buffer.concat([first, second, media, third]);
  const mdat = largeMdat ? isoLargeBox('mdat', mdatBody) : isoBox('mdat', mdatBody);
  const ftyp = isoBox('ftyp', latin1('isom'), uintBytes(0x200, 4), latin1('isomiso2avc1mp41'));
  const { androidUdta, appleMeta, xmp } = phoneMetadata();
  const metadata = (box: Buffer) => (stripped ? freed(box) : box);
  // The moov's size does not depend on the offsets it holds: built once to find where mdat starts.
  const moovWith = (mdatStart: number) => {
    const samplesAt = mdatStart + mdat.length - mdatBody.length;
    const chunks = [samplesAt, samplesAt + first.length + second.length + media.length];
    return isoBox('moov', movieHeader(stripped), videoTrack(stripped), gpsTrack(chunks, compactTables, stripped), metadata(androidUdta), metadata(appleMeta));
  };
  const before = (moov: Buffer) => (moovLast ? [ftyp, metadata(xmp)] : [ftyp, moov, metadata(xmp)]);
  const mdatStart = Buffer.concat(before(moovWith(0))).length;
  const moov = moovWith(mdatStart);
  const boxes = moovLast ? [...before(moov), mdat, moov] : [...before(moov), mdat];
  if (lastToEnd) boxes[boxes.length - 1].writeUInt32BE(0, 0);
  return Buffer.concat(boxes);
}

/** 2024-06-01 as a movie time, or 0 as the stripper leaves it, in 32 or 64 bits (version 0 or 1). */
function recordingTimes(version: number, stripped: boolean): Buffer {
  const size = version === 1 ? 8 : 4;
  return Buffer.concat([uintBytes(stripped ? 0 : RECORDED_AT, size), uintBytes(stripped ? 0 : RECORDED_AT + 1, size)]);
}

function movieHeader(stripped: boolean): Buffer {
  return isoFullBox('mvhd', 0, recordingTimes(0, stripped), uintBytes(1000, 4), uintBytes(5000, 4), Buffer.alloc(80, 1));
}

/** A track's header (version 1 times) and media header (version 0 times). */
function trackHeaders(trackId: number, stripped: boolean): { tkhd: Buffer; mdhd: Buffer } {
  return {
    tkhd: isoFullBox('tkhd', 1, recordingTimes(1, stripped), uintBytes(trackId, 4), Buffer.alloc(4), uintBytes(5000, 8), Buffer.alloc(60, 2)),
    mdhd: isoFullBox('mdhd', 0, recordingTimes(0, stripped), uintBytes(30_000, 4), uintBytes(150_000, 4), uintBytes(0x55c4, 2), Buffer.alloc(2)),
  };
}

const handler = (type: string, name: string) => isoFullBox('hdlr', 0, Buffer.alloc(4), latin1(type), Buffer.alloc(12), latin1(`${name}\0`));

/** The video: stand-in tables (the stripper leaves a video's samples alone), a track name in its `udta`. */
function videoTrack(stripped: boolean): Buffer {
  const { tkhd, mdhd } = trackHeaders(1, stripped);
  const stbl = isoBox('stbl', isoFullBox('stco', 0, uintBytes(1, 4), uintBytes(0, 4)));
  const { trakUdta } = phoneMetadata();
  return isoBox('trak', tkhd, isoBox('mdia', mdhd, handler('vide', 'VideoHandle'), isoBox('minf', stbl)), stripped ? freed(trakUdta) : trakUdta);
}

/**
 * A GoPro's GPMF track: two chunks at `chunks` (file offsets), the first holding two samples and
 * the second one (`stsc` in two runs); sizes in `stsz`, or 8-bit `stz2`, offsets in `stco` or `co64`.
 */
function gpsTrack(chunks: number[], compactTables: boolean, stripped: boolean): Buffer {
  const { tkhd, mdhd } = trackHeaders(2, stripped);
  const sizes = GPS_TRACK_SAMPLES.map((sample) => sample.length);
  const stbl = isoBox(
    'stbl',
    isoFullBox('stsd', 0, uintBytes(1, 4), isoBox('gpmd', Buffer.alloc(6), uintBytes(1, 2))),
    isoFullBox('stts', 0, uintBytes(1, 4), uintBytes(3, 4), uintBytes(1001, 4)),
    isoFullBox('stsc', 0, uintBytes(2, 4), uintBytes(1, 4), uintBytes(2, 4), uintBytes(1, 4), uintBytes(2, 4), uintBytes(1, 4), uintBytes(1, 4)),
    compactTables
      ? isoFullBox('stz2', 0, Buffer.from([0, 0, 0, 8]), uintBytes(sizes.length, 4), Buffer.from(sizes))
      : isoFullBox('stsz', 0, uintBytes(0, 4), uintBytes(sizes.length, 4), ...sizes.map((size) => uintBytes(size, 4))),
    compactTables
      ? isoFullBox('co64', 0, uintBytes(chunks.length, 4), ...chunks.map((at) => uintBytes(at, 8)))
      : isoFullBox('stco', 0, uintBytes(chunks.length, 4), ...chunks.map((at) => uintBytes(at, 4))),
  );
  return isoBox('trak', tkhd, isoBox('mdia', mdhd, handler('meta', 'GoPro MET'), isoBox('minf', isoBox('gmhd'), stbl)));
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
