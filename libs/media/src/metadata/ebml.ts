import { MalformedImageError, type ByteReader } from './byte-reader';

/**
 * EBML, the element syntax of Matroska and WebM: each element is an ID (1 to 4 bytes), a data
 * size (1 to 8 bytes, "unknown" when all its value bits are ones, as a recorder streaming its
 * output writes a Segment or a Cluster) and its data. Both are variable-length integers whose
 * first byte's leading zeros say how many bytes follow.
 */
export interface EbmlElementHeader {
  /** The ID with its length marker, as written (e.g. 0x18538067 for a Segment). */
  id: number;
  /** The data size; null for "unknown". */
  size: number | null;
  /** The header's bytes as read: ID and size. */
  bytes: Buffer;
}

/** The ID of EBML's Void element, which every reader skips. */
const VOID = 0xec;
/** The longest size a variable-length integer may have. */
const MAX_SIZE_BYTES = 8;

export async function readElementHeader(reader: ByteReader): Promise<EbmlElementHeader> {
  const idBytes = await readVint(reader, 4, 'an element ID');
  const sizeBytes = await readVint(reader, MAX_SIZE_BYTES, 'an element size');
  const id = idBytes.reduce((value, b) => value * 256 + b, 0);
  const marker = 0x80 >> (sizeBytes.length - 1);
  let size = sizeBytes[0] & (marker - 1);
  let allOnes = size === marker - 1;
  for (const b of sizeBytes.subarray(1)) {
    size = size * 256 + b;
    allOnes &&= b === 0xff;
  }
  return { id, size: allOnes ? null : size, bytes: Buffer.concat([idBytes, sizeBytes]) };
}

/** A variable-length integer's bytes, at most `maxBytes` long. */
async function readVint(reader: ByteReader, maxBytes: number, what: string): Promise<Buffer> {
  const [first] = await reader.read(1, what);
  const length = Math.clz32(first) - 23;
  if (length < 1 || length > maxBytes) throw new MalformedImageError(`not EBML: a bad length marker in ${what}`);
  return Buffer.concat([Buffer.from([first]), await reader.read(length - 1, what)]);
}

/**
 * The header of a Void element taking the place of an element whose header was `headerLength`
 * bytes and whose data `dataSize`: the same length in all, so nothing after it moves. Its size
 * field takes the room of the old ID and size but one byte (at most 8), its data the rest, which
 * is never less than it was and always fits.
 */
export function voidHeader(headerLength: number, dataSize: number): Buffer {
  const sizeBytes = Math.min(MAX_SIZE_BYTES, headerLength - 1);
  const header = Buffer.alloc(1 + sizeBytes);
  header[0] = VOID;
  let value = headerLength + dataSize - header.length;
  for (let at = header.length - 1; at >= 1; at--) {
    header[at] = value % 256;
    value = Math.floor(value / 256);
  }
  header[1] |= 0x80 >> (sizeBytes - 1);
  return header;
}
