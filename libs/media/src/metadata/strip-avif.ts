import { ByteReader, MalformedImageError } from './byte-reader';
import { boxHeaderAt, readBoxHeader, safeNumber } from './iso-boxes';

const AVIF = 'an AVIF';

/**
 * AVIF (HEIF) is an ISOBMFF file: boxes of `size, type, body`. Exif and XMP are items of the
 * top-level `meta` box, named in `iinf` and located by `iloc`, either at file offsets (usually in
 * `mdat`) or inside `idat`. Their bytes are overwritten in place, an empty Exif and blank XMP, so
 * no box size or offset changes and the image items decode exactly as before. Boxes before `meta`
 * are held until it is read (an item may lie in an `mdat` that comes first); the rest streams.
 */
export async function* stripAvif(reader: ByteReader): AsyncGenerator<Buffer, void> {
  const held: Buffer[] = [];
  let at = 0;
  let blanks: Blank[] | null = null;
  while (blanks === null) {
    const box = await readBoxHeader(reader, AVIF);
    if (at === 0 && box.type !== 'ftyp') throw new MalformedImageError('not an AVIF: no ftyp box first');
    if (box.bodySize === null) throw new MalformedImageError('an AVIF whose meta box does not come before its last box');
    const body = await reader.read(box.bodySize, `an AVIF ${box.type} box`);
    if (box.type === 'meta') blanks = metadataBlanks(body, at + box.header.length);
    held.push(box.header, body);
    at += box.header.length + body.length;
  }
  yield blanked(Buffer.concat(held), 0, blanks);
  // Bytes after the last box (an appended file) are dropped, as for the other formats.
  while (!(await reader.atEnd())) {
    const box = await readBoxHeader(reader, AVIF);
    yield blanked(box.header, at, blanks);
    at += box.header.length;
    const body = box.bodySize === null ? reader.rest() : reader.pass(box.bodySize, `an AVIF ${box.type} box`);
    for await (const part of body) {
      yield blanked(part, at, blanks);
      at += part.length;
    }
  }
}

/** Bytes of a metadata item to overwrite: file positions [start, end), written from `content` at `contentOffset`, then `pad`. */
interface Blank {
  start: number;
  end: number;
  content: Buffer;
  contentOffset: number;
  pad: number;
}

/**
 * An Exif item is a 4-byte offset to the TIFF header, then Exif data: this one is offset 0 and a
 * big-endian TIFF header whose first IFD has no entries (zeros after it end the item).
 */
const EMPTY_EXIF = Buffer.from([0, 0, 0, 0, 0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0]);
const ZERO = 0x00;
/** XMP is text: spaces are whitespace to an XML parser, and say nothing. */
const SPACE = 0x20;

/** A copy of `part` (which starts at file position `at`) with the blanks that overlap it written in. */
function blanked(part: Buffer, at: number, blanks: Blank[]): Buffer {
  const overlapping = blanks.filter((b) => b.start < at + part.length && b.end > at);
  if (!overlapping.length) return part;
  const copy = Buffer.from(part);
  for (const blank of overlapping) {
    for (let position = Math.max(blank.start, at); position < Math.min(blank.end, at + part.length); position++) {
      copy[position - at] = blank.content[blank.contentOffset + position - blank.start] ?? blank.pad;
    }
  }
  return copy;
}

// --- Inside `meta` (a full box: version and flags, then child boxes).

interface Child {
  type: string;
  /** Offsets in the buffer read, of the body. */
  start: number;
  end: number;
}

function children(box: Buffer, from: number, to: number): Child[] {
  const found: Child[] = [];
  for (let at = from; at < to; ) {
    if (at + 8 > to || (box.readUInt32BE(at) === 1 && at + 16 > to)) throw new MalformedImageError('an AVIF box header past the end of its parent');
    const { type, headerSize, total } = boxHeaderAt(box, at, AVIF);
    const end = total === null ? to : at + total;
    if (end > to) throw new MalformedImageError(`an AVIF ${type} box past the end of its parent`);
    found.push({ type, start: at + headerSize, end });
    at = end;
  }
  return found;
}

type MetadataKind = 'exif' | 'xmp';

/** Where the Exif and XMP items of a `meta` body (found at file position `bodyAt`) lie in the file. */
function metadataBlanks(meta: Buffer, bodyAt: number): Blank[] {
  const boxes = children(meta, 4, meta.length);
  const iinf = boxes.find((b) => b.type === 'iinf');
  const iloc = boxes.find((b) => b.type === 'iloc');
  if (!iinf || !iloc) return [];
  const kinds = metadataItems(meta, iinf);
  const idat = boxes.find((b) => b.type === 'idat');
  const blanks: Blank[] = [];
  for (const item of itemLocations(meta, iloc)) {
    const kind = kinds.get(item.id);
    // Data in another file (a data reference) is not in this upload; data built from other items
    // (construction method 2) is never how encoders store Exif or XMP.
    if (!kind || item.dataReference !== 0 || item.method === 2) continue;
    if (item.method === 1 && !idat) throw new MalformedImageError('an AVIF item in idat without an idat box');
    const origin = item.method === 1 ? bodyAt + idat!.start : 0;
    const limit = item.method === 1 ? bodyAt + idat!.end : Number.POSITIVE_INFINITY;
    let contentOffset = 0;
    for (const extent of item.extents) {
      const start = origin + item.baseOffset + extent.offset;
      // Length 0: the rest of the data (of idat, or of the file).
      const end = extent.length === 0 ? limit : start + extent.length;
      if (end > limit) throw new MalformedImageError('an AVIF item extent past the end of idat');
      blanks.push({ start, end, content: kind === 'exif' ? EMPTY_EXIF : Buffer.alloc(0), contentOffset, pad: kind === 'exif' ? ZERO : SPACE });
      contentOffset += end - start;
    }
  }
  return blanks;
}

/** Item ids of Exif (item type `Exif`) and XMP (a `mime` item of type application/rdf+xml) in `iinf`. */
function metadataItems(meta: Buffer, iinf: Child): Map<number, MetadataKind> {
  const version = new Fields(meta, iinf.start, iinf.end).uint(1);
  const entries = children(meta, iinf.start + 4 + (version === 0 ? 2 : 4), iinf.end).filter((b) => b.type === 'infe');
  const kinds = new Map<number, MetadataKind>();
  for (const infe of entries) {
    const fields = new Fields(meta, infe.start, infe.end);
    const infeVersion = fields.uint(1);
    fields.skip(3);
    let id: number;
    let contentType = '';
    let itemType = '';
    if (infeVersion >= 2) {
      id = fields.uint(infeVersion === 2 ? 2 : 4);
      fields.skip(2); // protection index
      itemType = fields.fourCc();
      fields.cString(); // name
      if (itemType === 'mime') contentType = fields.cString();
    } else {
      id = fields.uint(2);
      fields.skip(2);
      fields.cString();
      contentType = fields.cString();
    }
    if (itemType === 'Exif') kinds.set(id, 'exif');
    else if (contentType.split(';')[0].trim().toLowerCase() === 'application/rdf+xml') kinds.set(id, 'xmp');
  }
  return kinds;
}

interface ItemLocation {
  id: number;
  method: number;
  dataReference: number;
  baseOffset: number;
  extents: { offset: number; length: number }[];
}

/** The `iloc` box, versions 0 to 2, with field sizes of 0, 4 or 8 bytes. */
function itemLocations(meta: Buffer, iloc: Child): ItemLocation[] {
  const fields = new Fields(meta, iloc.start, iloc.end);
  const version = fields.uint(1);
  if (version > 2) throw new MalformedImageError(`an AVIF iloc box of version ${version}`);
  fields.skip(3);
  const sizes = fields.uint(1);
  const more = fields.uint(1);
  const [offsetSize, lengthSize, baseOffsetSize] = [sizes >> 4, sizes & 15, more >> 4].map(fieldSize);
  const indexSize = version === 0 ? 0 : fieldSize(more & 15);
  const count = fields.uint(version < 2 ? 2 : 4);
  const items: ItemLocation[] = [];
  for (let i = 0; i < count; i++) {
    const id = fields.uint(version < 2 ? 2 : 4);
    const method = version === 0 ? 0 : fields.uint(2) & 15;
    const dataReference = fields.uint(2);
    const baseOffset = fields.uint(baseOffsetSize);
    const extents: ItemLocation['extents'] = [];
    for (let e = fields.uint(2); e > 0; e--) {
      fields.skip(indexSize);
      extents.push({ offset: fields.uint(offsetSize), length: fields.uint(lengthSize) });
    }
    items.push({ id, method, dataReference, baseOffset, extents });
  }
  return items;
}

function fieldSize(size: number): number {
  if (size !== 0 && size !== 4 && size !== 8) throw new MalformedImageError(`an AVIF iloc field of ${size} bytes`);
  return size;
}

/** Reads big-endian fields of a box body in order, refusing to read past its end. */
class Fields {
  constructor(
    private readonly bytes: Buffer,
    private at: number,
    private readonly end: number,
  ) {}

  uint(size: number): number {
    this.need(size);
    const at = this.at;
    this.at += size;
    if (size === 0) return 0;
    if (size === 1) return this.bytes[at];
    if (size === 2) return this.bytes.readUInt16BE(at);
    if (size === 4) return this.bytes.readUInt32BE(at);
    return safeNumber(this.bytes.readBigUInt64BE(at), AVIF);
  }

  skip(size: number): void {
    this.need(size);
    this.at += size;
  }

  fourCc(): string {
    this.need(4);
    this.at += 4;
    return this.bytes.toString('latin1', this.at - 4, this.at);
  }

  /** A null-terminated string; a missing terminator ends it at the box's end. */
  cString(): string {
    const zero = this.bytes.indexOf(0, this.at);
    const stop = zero === -1 || zero >= this.end ? this.end : zero;
    const text = this.bytes.toString('utf8', this.at, stop);
    this.at = Math.min(stop + 1, this.end);
    return text;
  }

  private need(size: number): void {
    if (this.at + size > this.end) throw new MalformedImageError('an AVIF box shorter than its fields');
  }
}
