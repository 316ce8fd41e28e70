import sharp from 'sharp';
import { MalformedImageError } from './byte-reader';
import { stripMetadata } from './strip-metadata';

async function strip(file: Buffer, chunkBytes = file.length): Promise<Buffer> {
  async function* chunks() {
    for (let i = 0; i < file.length; i += chunkBytes) yield file.subarray(i, i + chunkBytes);
  }
  const out: Uint8Array[] = [];
  for await (const chunk of stripMetadata('image/avif', chunks())) out.push(chunk);
  return Buffer.concat(out);
}

// --- Hand-assembled ISOBMFF: boxes, and an AVIF whose iloc is written in a chosen layout.

const uint = (value: number, size: number) => {
  const bytes = Buffer.alloc(size);
  if (size === 2) bytes.writeUInt16BE(value);
  if (size === 4) bytes.writeUInt32BE(value);
  if (size === 8) bytes.writeBigUInt64BE(BigInt(value));
  return bytes;
};
const text = (value: string) => Buffer.from(value, 'latin1');
const cString = (value: string) => text(`${value}\0`);
function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([uint(8 + body.length, 4), text(type), body]);
}
const fullBox = (type: string, version: number, ...parts: Buffer[]) => box(type, Buffer.from([version, 0, 0, 0]), ...parts);
const infe = (id: number, type: string, contentType?: string) => fullBox('infe', 2, uint(id, 2), uint(0, 2), text(type), cString(''), ...(contentType ? [cString(contentType)] : []));

/** Stand-ins for the coded picture and the metadata; the stripper never parses item payloads. */
const CODED = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37) & 0xff));
const EXIF = Buffer.concat([uint(6, 4), text('Exif\0\0MM\0*\0\0\0\x08GPSLatitude 51/1 30/1 N; Owner Alice Example; Serial SN-12345')]);
const XMP = text('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>Alice at home, 51.5 N</rdf:RDF></x:xmpmeta>');
const [EXIF_HEAD, EXIF_TAIL] = [EXIF.subarray(0, 20), EXIF.subarray(20)];

interface Layout {
  ilocVersion: 0 | 1 | 2;
  offsetSize: 0 | 4 | 8;
  lengthSize: 0 | 4 | 8;
  baseOffsetSize: 0 | 4 | 8;
  indexSize: 0 | 4 | 8;
  /** 0: items in mdat, at file offsets; 1: in idat. */
  method: 0 | 1;
  mdatFirst?: boolean;
  /** The Exif item's last extent (last in mdat or idat) written with length 0: "to the end". */
  tailToEnd?: boolean;
}

/**
 * An AVIF with a picture (item 1), an Exif item (2) in two extents with the XMP item (3) between
 * them. Returns the file and where each item's bytes are, to check what changed.
 */
function avif(layout: Layout): { file: Buffer; exifRanges: [number, number][]; xmpRange: [number, number] } {
  // Region order: picture, first half of Exif, XMP, second half of Exif.
  const region = Buffer.concat([CODED, EXIF_HEAD, XMP, EXIF_TAIL]);
  const at = { coded: 0, exifHead: CODED.length, xmp: CODED.length + EXIF_HEAD.length, exifTail: CODED.length + EXIF_HEAD.length + XMP.length };
  const build = (regionStart: number) => {
    // With a base offset, extents count from the region; without, from the file (or idat) start.
    const base = layout.baseOffsetSize ? regionStart : 0;
    const offset = (within: number) => uint(layout.baseOffsetSize ? within : regionStart + within, layout.offsetSize);
    const extent = (within: number, length: number) => Buffer.concat([uint(7, layout.indexSize), offset(within), uint(length, layout.lengthSize)]);
    const item = (id: number, ...extents: Buffer[]) =>
      Buffer.concat([
        uint(id, layout.ilocVersion < 2 ? 2 : 4),
        layout.ilocVersion === 0 ? Buffer.alloc(0) : uint(layout.method, 2),
        uint(0, 2),
        uint(base, layout.baseOffsetSize),
        uint(extents.length, 2),
        ...extents,
      ]);
    const iloc = fullBox(
      'iloc',
      layout.ilocVersion,
      Buffer.from([(layout.offsetSize << 4) | layout.lengthSize, (layout.baseOffsetSize << 4) | (layout.ilocVersion === 0 ? 0 : layout.indexSize)]),
      uint(3, layout.ilocVersion < 2 ? 2 : 4),
      item(1, extent(at.coded, CODED.length)),
      item(3, extent(at.xmp, XMP.length)),
      item(2, extent(at.exifHead, EXIF_HEAD.length), extent(at.exifTail, layout.tailToEnd ? 0 : EXIF_TAIL.length)),
    );
    const iinf = fullBox('iinf', 0, uint(3, 2), infe(1, 'av01'), infe(2, 'Exif'), infe(3, 'mime', 'application/rdf+xml'));
    const meta = fullBox('meta', 0, fullBox('hdlr', 0, uint(0, 4), text('pict'), Buffer.alloc(12), cString('')), fullBox('pitm', 0, uint(1, 2)), iinf, iloc, ...(layout.method === 1 ? [box('idat', region)] : []));
    const ftyp = box('ftyp', text('avif'), uint(0, 4), text('mif1avifmiaf'));
    const mdat = box('mdat', ...(layout.method === 0 ? [region] : [CODED]));
    return layout.mdatFirst ? Buffer.concat([ftyp, mdat, meta]) : Buffer.concat([ftyp, meta, mdat]);
  };
  const draft = build(0);
  // The region's place in the file (mdat body, or idat body counted from idat's start).
  const regionStart = layout.method === 0 ? draft.indexOf(Buffer.concat([text('mdat'), region])) + 4 : 0;
  const file = build(regionStart);
  const regionInFile = file.indexOf(region);
  const range = (within: number, length: number): [number, number] => [regionInFile + within, regionInFile + within + length];
  return { file, exifRanges: [range(at.exifHead, EXIF_HEAD.length), range(at.exifTail, EXIF_TAIL.length)], xmpRange: range(at.xmp, XMP.length) };
}

/** What the stripper writes over an Exif payload: offset 0, a big-endian TIFF header, an empty IFD, zeros. */
function blankExif(): Buffer {
  const blank = Buffer.alloc(EXIF.length);
  Buffer.from([0, 0, 0, 0, 0x4d, 0x4d, 0, 42, 0, 0, 0, 8]).copy(blank);
  return blank;
}

const LAYOUTS: Layout[] = [
  { ilocVersion: 0, offsetSize: 4, lengthSize: 4, baseOffsetSize: 0, indexSize: 0, method: 0 },
  { ilocVersion: 0, offsetSize: 8, lengthSize: 8, baseOffsetSize: 8, indexSize: 0, method: 0 },
  { ilocVersion: 1, offsetSize: 4, lengthSize: 4, baseOffsetSize: 4, indexSize: 4, method: 0 },
  { ilocVersion: 1, offsetSize: 4, lengthSize: 4, baseOffsetSize: 0, indexSize: 0, method: 1 },
  { ilocVersion: 2, offsetSize: 8, lengthSize: 4, baseOffsetSize: 4, indexSize: 8, method: 1 },
  { ilocVersion: 2, offsetSize: 4, lengthSize: 4, baseOffsetSize: 0, indexSize: 0, method: 1, tailToEnd: true },
  { ilocVersion: 1, offsetSize: 8, lengthSize: 8, baseOffsetSize: 0, indexSize: 0, method: 0, tailToEnd: true },
  { ilocVersion: 1, offsetSize: 4, lengthSize: 4, baseOffsetSize: 0, indexSize: 0, method: 0, mdatFirst: true },
];

describe('stripMetadata: AVIF', () => {
  it.each(LAYOUTS)('blanks the Exif and XMP items in place and changes no other byte: iloc v$ilocVersion, field sizes $offsetSize/$lengthSize/$baseOffsetSize/$indexSize, construction method $method', async (layout) => {
    const { file, exifRanges, xmpRange } = avif(layout);
    const expected = Buffer.from(file);
    const exif = blankExif();
    let written = 0;
    for (const [start, end] of exifRanges) written += exif.copy(expected, start, written, written + end - start);
    expected.fill(0x20, ...xmpRange);
    for (const chunkBytes of [1, 7, 100, file.length]) {
      const stripped = await strip(file, chunkBytes);
      expect(stripped.equals(expected)).toBe(true);
    }
    const stripped = await strip(file);
    for (const secret of ['GPSLatitude', 'Alice', 'SN-12345', 'xmpmeta']) expect(stripped.toString('latin1')).not.toContain(secret);
    expect(stripped.includes(CODED)).toBe(true);
  });

  it('leaves an AVIF encoded by libvips decoding to the same pixels, without its GPS position or XMP', async () => {
    const pixels = Buffer.from(Array.from({ length: 40 * 24 * 3 }, (_, i) => (i * 7919 + (i >> 3)) & 0xff));
    const original = await sharp(pixels, { raw: { width: 40, height: 24, channels: 3 } })
      .avif()
      .withExif({ IFD0: { Copyright: 'Alice Example' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } })
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/">Alice at home</x:xmpmeta>')
      .toBuffer();
    expect(original.toString('latin1')).toContain('Alice Example');
    expect(original.toString('latin1')).toContain('Alice at home');

    const stripped = await strip(original, 64);

    expect(stripped.length).toBe(original.length);
    expect(stripped.toString('latin1')).not.toMatch(/Alice|xmpmeta/);
    const decoded = (file: Buffer) => sharp(file, { failOn: 'error' }).raw().toBuffer();
    expect((await decoded(stripped)).equals(await decoded(original))).toBe(true);
    expect((await sharp(stripped).metadata()).format).toBe('heif');
  });

  it('passes an AVIF without metadata items byte for byte, and refuses bytes after its last box that are no box', async () => {
    const { file } = avif(LAYOUTS[0]);
    const plain = Buffer.from(file.toString('latin1').replace('Exif', 'hvc1').replace('mime', 'uri '), 'latin1');
    expect((await strip(plain, 5)).equals(plain)).toBe(true);
    await expect(strip(Buffer.concat([plain, text('zip')]))).rejects.toThrow(MalformedImageError);
  });

  it('refuses what is not an AVIF, is cut short, or has an iloc it cannot read', async () => {
    const { file } = avif(LAYOUTS[2]);
    await expect(strip(text('GIF89a not an avif at all'))).rejects.toThrow(/no ftyp box first/);
    await expect(strip(file.subarray(0, 200))).rejects.toThrow(MalformedImageError);
    const iloc = file.indexOf(text('iloc'));
    const odd = Buffer.from(file);
    odd[iloc + 8] = 0x34; // offset_size 3
    await expect(strip(odd)).rejects.toThrow(/iloc field of 3 bytes/);
    const lying = Buffer.from(file);
    lying.writeUInt32BE(0xffff, file.indexOf(text('iinf')) - 4);
    await expect(strip(lying)).rejects.toThrow(/past the end of its parent/);
  });
});
