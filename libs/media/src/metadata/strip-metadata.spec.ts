import sharp from 'sharp';
import { crc32 } from 'node:zlib';
import { MalformedImageError } from './byte-reader';
import { exifOrientation, stripMetadata } from './strip-metadata';

const WIDTH = 40;
const HEIGHT = 24;
/** Noisy pixels, so the coded data holds plenty of 0xFF bytes (stuffed in JPEG scans). */
const PIXELS = Buffer.from(Array.from({ length: WIDTH * HEIGHT * 3 }, (_, i) => (i * 7919 + (i >> 3)) & 0xff));
const raw = () => sharp(PIXELS, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } });
const GPS = { IFD0: { Copyright: 'Alice Example', Make: 'PhoneCo', Model: 'P-1' }, IFD2: { BodySerialNumber: 'SN-12345' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' } };
const XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">Alice at home</rdf:RDF></x:xmpmeta>';

async function strip(type: string, file: Buffer, chunkBytes = file.length): Promise<Buffer> {
  async function* chunks() {
    for (let i = 0; i < file.length; i += chunkBytes) yield file.subarray(i, i + chunkBytes);
  }
  const out: Uint8Array[] = [];
  for await (const chunk of stripMetadata(type, chunks())) out.push(chunk);
  return Buffer.concat(out);
}

const decoded = (file: Buffer) => sharp(file, { failOn: 'error' }).raw().toBuffer();
const latin1 = (file: Buffer) => file.toString('latin1');

/** The JPEG's segments before its first scan, as `marker:first bytes of payload`. */
function jpegHeaderSegments(file: Buffer): string[] {
  const found: string[] = [];
  for (let at = 2; file[at] === 0xff && file[at + 1] !== 0xda; at += 2 + file.readUInt16BE(at + 2)) {
    found.push(`${file[at + 1].toString(16)}:${file.toString('latin1', at + 4, at + 8)}`);
  }
  return found;
}

function jpegSegment(marker: number, payload: Buffer | string): Buffer {
  const body = Buffer.from(payload as string, 'latin1');
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xff00 | marker, 0);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

const insertAt = (file: Buffer, at: number, ...parts: Buffer[]) => Buffer.concat([file.subarray(0, at), ...parts, file.subarray(at)]);

describe('stripMetadata: JPEG', () => {
  it('drops Exif (GPS, serial, owner) and XMP, keeps the ICC profile, and leaves the pixels exactly as they were', async () => {
    const original = await raw().jpeg().withExif(GPS).withIccProfile('p3').withXmp(XMP).toBuffer();
    expect(latin1(original)).toContain('SN-12345');

    const result = await strip('image/jpeg', original);

    const info = await sharp(result).metadata();
    expect(info.exif).toBeUndefined();
    expect(info.xmp).toBeUndefined();
    expect(info.hasProfile).toBe(true);
    for (const secret of ['SN-12345', 'Alice', 'PhoneCo', 'GPS']) expect(latin1(result)).not.toContain(secret);
    expect(jpegHeaderSegments(result).map((s) => s.slice(0, 2))).toEqual(expect.not.arrayContaining(['e1', 'ed', 'fe']));
    expect((await decoded(result)).equals(await decoded(original))).toBe(true);
    expect(result.length).toBeLessThan(original.length);
  });

  it('keeps a turned photo upright with an Exif segment holding only its orientation', async () => {
    const original = await raw().jpeg().withExif(GPS).withMetadata({ orientation: 6 }).toBuffer();
    const result = await strip('image/jpeg', original);
    const info = await sharp(result).metadata();
    expect(info.orientation).toBe(6);
    expect(info.autoOrient).toEqual({ width: HEIGHT, height: WIDTH });
    expect(latin1(info.exif!)).not.toMatch(/SN-12345|Alice|PhoneCo/);
    expect(info.exif!.length).toBe(32);
    expect((await sharp(result).rotate().raw().toBuffer()).equals(await sharp(original).rotate().raw().toBuffer())).toBe(true);
  });

  it('adds no Exif segment for an upright photo', async () => {
    const result = await strip('image/jpeg', await raw().jpeg().withExif(GPS).withMetadata({ orientation: 1 }).toBuffer());
    expect(jpegHeaderSegments(result).filter((s) => s.startsWith('e1'))).toEqual([]);
  });

  it('drops comments, IPTC, maker segments and bytes after the end; keeps JFIF and the Adobe colour transform', async () => {
    const original = await raw().jpeg().toBuffer();
    const jfif = jpegSegment(0xe0, 'JFIF\0\x01\x02\0\0\x01\0\x01\0\0');
    const adobe = jpegSegment(0xee, 'Adobe\0d\0\0\0\0\x01');
    const tampered = Buffer.concat([
      insertAt(original, 2, jfif, jpegSegment(0xfe, 'shot by alice'), jpegSegment(0xed, 'Photoshop 3.0\0IPTC alice'), jpegSegment(0xec, 'Ducky maker'), jpegSegment(0xe2, 'MPF\0alice'), adobe),
      Buffer.from('appended motion-photo video of alice'),
    ]);
    const result = await strip('image/jpeg', tampered);
    expect(result.equals(insertAt(original, 2, jfif, adobe))).toBe(true);
    expect(latin1(result)).not.toContain('alice');
    expect(result.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
  });

  it('finds markers between the scans of a progressive JPEG, however the stream is cut', async () => {
    const original = await raw().jpeg({ progressive: true }).toBuffer();
    const secondScan = original.indexOf(Buffer.from([0xff, 0xda]), original.indexOf(Buffer.from([0xff, 0xda])) + 2);
    const tampered = insertAt(original, secondScan, jpegSegment(0xfe, 'between scans: alice'), jpegSegment(0xe1, 'Exif\0\0between'));
    const whole = await strip('image/jpeg', tampered);
    expect(whole.equals(original)).toBe(true);
    for (const size of [1, 2, 3, 7, 1000]) expect((await strip('image/jpeg', tampered, size)).equals(original)).toBe(true);
  });

  it('passes a JPEG without metadata byte for byte', async () => {
    const original = await raw().jpeg().toBuffer();
    expect((await strip('image/jpeg', original, 5)).equals(original)).toBe(true);
  });

  it('refuses bytes that are not a JPEG, and a JPEG cut before its first scan', async () => {
    await expect(strip('image/jpeg', Buffer.from('%PDF-1.7 not a picture'))).rejects.toThrow(MalformedImageError);
    const original = await raw().jpeg().withExif(GPS).toBuffer();
    await expect(strip('image/jpeg', original.subarray(0, 30))).rejects.toThrow(MalformedImageError);
  });

  it('reads the orientation in either byte order, and 1 when absent or nonsense', () => {
    const entry = (order: 'II' | 'MM', value: number) => {
      const tiff = Buffer.alloc(26);
      const le = order === 'II';
      const u16 = (v: number, at: number) => (le ? tiff.writeUInt16LE(v, at) : tiff.writeUInt16BE(v, at));
      const u32 = (v: number, at: number) => (le ? tiff.writeUInt32LE(v, at) : tiff.writeUInt32BE(v, at));
      tiff.write(order, 0, 'latin1');
      u16(42, 2);
      u32(8, 4); // IFD0 right after the header
      u16(1, 8); // one entry: Orientation, SHORT, count 1, the value
      u16(0x0112, 10);
      u16(3, 12);
      u32(1, 14);
      u16(value, 18);
      return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
    };
    expect(exifOrientation(entry('II', 8))).toBe(8);
    expect(exifOrientation(entry('MM', 3))).toBe(3);
    expect(exifOrientation(entry('MM', 9))).toBe(1);
    expect(exifOrientation(entry('MM', 3).subarray(0, 20))).toBe(1);
    expect(exifOrientation(Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'))).toBe(1);
  });
});

function pngChunk(type: string, data: Buffer | string): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), Buffer.from(data as string, 'latin1')]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length - 4);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** The chunk types of a PNG, in order. */
function pngChunks(file: Buffer): string[] {
  const types: string[] = [];
  for (let at = 8; at < file.length; at += 12 + file.readUInt32BE(at)) types.push(file.toString('latin1', at + 4, at + 8));
  return types;
}

describe('stripMetadata: PNG', () => {
  it('drops eXIf, tEXt, zTXt, iTXt and tIME chunks, keeps the others with valid CRCs, and the pixels', async () => {
    const original = await raw().png().withExif(GPS).toBuffer();
    const afterIhdr = 8 + 12 + original.readUInt32BE(8);
    const tampered = Buffer.concat([
      insertAt(
        original,
        afterIhdr,
        pngChunk('tEXt', 'Author\0Alice'),
        pngChunk('zTXt', 'Comment\0\0x'),
        pngChunk('iTXt', 'XML:com.adobe.xmp\0\0\0\0\0<x>alice</x>'),
        pngChunk('tIME', Buffer.from([7, 232, 5, 1, 12, 0, 0])),
        pngChunk('gAMA', Buffer.from([0, 0, 177, 143])),
      ),
      Buffer.from('after IEND: alice'),
    ]);
    expect(pngChunks(tampered.subarray(0, -17))).toEqual(expect.arrayContaining(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']));

    for (const size of [tampered.length, 3]) {
      const result = await strip('image/png', tampered, size);
      expect(pngChunks(result)).toEqual(['IHDR', 'gAMA', ...pngChunks(original).filter((t) => !['IHDR', 'eXIf'].includes(t))]);
      expect(latin1(result)).not.toMatch(/alice|SN-12345/i);
      expect((await decoded(result)).equals(await decoded(original))).toBe(true);
    }
  });

  it('passes a PNG without metadata byte for byte, and refuses what is not a PNG or is cut inside a chunk', async () => {
    const original = await raw().png().toBuffer();
    expect((await strip('image/png', original, 100)).equals(original)).toBe(true);
    await expect(strip('image/png', Buffer.from('GIF89a not a png'))).rejects.toThrow(MalformedImageError);
    await expect(strip('image/png', original.subarray(0, original.length - 20))).rejects.toThrow(MalformedImageError);
  });
});

/** The chunk FourCCs of a WebP, in order, and whether each chunk stays inside the RIFF size. */
function webpChunks(file: Buffer): string[] {
  const fourCcs: string[] = [];
  for (let at = 12; at + 8 <= file.length; at += 8 + file.readUInt32LE(at + 4) + (file.readUInt32LE(at + 4) & 1)) fourCcs.push(file.toString('latin1', at, at + 4));
  return fourCcs;
}

describe('stripMetadata: WebP', () => {
  it('drops the EXIF and XMP chunks of an extended file and fixes its VP8X flags and RIFF size', async () => {
    // An odd-length XMP packet: its chunk carries a padding byte.
    const original = await raw().webp({ lossless: true }).withExif(GPS).withXmp(`${XMP} `).toBuffer();
    expect(webpChunks(original)).toEqual(['VP8X', 'VP8L', 'EXIF', 'XMP ']);
    expect(original[20] & 0x0c).toBe(0x0c);

    for (const size of [original.length, 5]) {
      const result = await strip('image/webp', Buffer.concat([original, Buffer.from('trailing alice')]), size);
      expect(webpChunks(result)).toEqual(['VP8X', 'VP8L']);
      expect(result.readUInt32LE(4)).toBe(result.length - 8);
      expect(result[20] & 0x0c).toBe(0);
      expect(latin1(result)).not.toMatch(/alice|SN-12345/i);
      const info = await sharp(result).metadata();
      expect(info.exif).toBeUndefined();
      expect((await decoded(result)).equals(PIXELS)).toBe(true);
    }
  });

  it('passes a simple WebP byte for byte, and refuses what is not a WebP or has a chunk past its end', async () => {
    const simple = await raw().webp().toBuffer();
    expect(webpChunks(simple)).toEqual(['VP8 ']);
    expect((await strip('image/webp', simple, 64)).equals(simple)).toBe(true);
    await expect(strip('image/webp', Buffer.from('RIFF\x10\0\0\0WAVEfmt ', 'latin1'))).rejects.toThrow(MalformedImageError);
    const extended = await raw().webp({ lossless: true }).withExif(GPS).toBuffer();
    const lying = Buffer.from(extended);
    lying.writeUInt32LE(0x7fffff00, 12 + 18 + 4); // the VP8L chunk claims more than the file has
    await expect(strip('image/webp', lying)).rejects.toThrow(MalformedImageError);
  });
});

/** An extension block: introducer, label, its data in sub-blocks of at most 255 bytes, the terminator. */
function gifExtension(label: number, ...blocks: (Buffer | string)[]): Buffer {
  const parts = blocks.flatMap((block) => {
    const data = Buffer.from(block as string, 'latin1');
    const pieces: Buffer[] = [];
    for (let at = 0; at < data.length; at += 255) {
      const piece = data.subarray(at, at + 255);
      pieces.push(Buffer.from([piece.length]), piece);
    }
    return pieces;
  });
  return Buffer.concat([Buffer.from([0x21, label]), ...parts, Buffer.from([0])]);
}

describe('stripMetadata: GIF', () => {
  /** Where the blocks start: after the 13-byte header and the global colour table it announces. */
  const blocksStart = (gif: Buffer) => 13 + (gif[10] & 0x80 ? 3 * 2 ** ((gif[10] & 7) + 1) : 0);

  it('drops comments and descriptive application extensions (XMP, IPTC), keeps the loop count, timing and pixels, and nothing after the trailer', async () => {
    const plain = await raw().gif().toBuffer();
    const at = blocksStart(plain);
    const loop = gifExtension(0xff, 'NETSCAPE2.0', Buffer.from([1, 0, 0]));
    const metadata = [
      gifExtension(0xfe, 'Taken by Alice Example at 51.5N 0.1W'),
      gifExtension(0xff, 'XMP DataXMP', `${XMP}${'.'.repeat(300)}`),
      gifExtension(0xff, 'MGKIPTC0000', 'Alice Example, owner'),
      gifExtension(0xff, ''),
    ];
    const tagged = Buffer.concat([plain.subarray(0, at), metadata[0], loop, metadata[1], plain.subarray(at, -1), metadata[2], metadata[3], plain.subarray(-1), Buffer.from('appended archive')]);
    const expected = Buffer.concat([plain.subarray(0, at), loop, plain.subarray(at)]);
    for (const chunkBytes of [tagged.length, 7]) {
      const stripped = await strip('image/gif', tagged, chunkBytes);
      expect(stripped.equals(expected)).toBe(true);
    }
    expect(latin1(await strip('image/gif', tagged))).not.toMatch(/Alice|xmpmeta|IPTC|appended/);
    expect((await decoded(await strip('image/gif', tagged))).equals(await decoded(plain))).toBe(true);
  });

  it('passes a GIF without metadata byte for byte, and refuses what is not a GIF, is cut inside a block, or holds an unknown block', async () => {
    const plain = await raw().gif().toBuffer();
    expect((await strip('image/gif', plain, 5)).equals(plain)).toBe(true);
    await expect(strip('image/gif', Buffer.from('GIF90a but not really a picture'))).rejects.toThrow(MalformedImageError);
    await expect(strip('image/gif', plain.subarray(0, plain.length - 10))).rejects.toThrow(MalformedImageError);
    const at = blocksStart(plain);
    await expect(strip('image/gif', Buffer.concat([plain.subarray(0, at), Buffer.from([0x42]), plain.subarray(at)]))).rejects.toThrow(/unknown type 0x42/);
  });
});

describe('stripMetadata: other types', () => {
  it('passes them through untouched (the very same stream)', () => {
    const source = (async function* () {
      yield Buffer.from('%PDF');
    })();
    expect(stripMetadata('application/pdf', source)).toBe(source);
    expect(stripMetadata('audio/ogg', source)).toBe(source);
  });
});
