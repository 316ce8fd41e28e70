/** EBML elements built byte by byte (Matroska, WebM), for the fixtures of the specs. */

/** One EBML element: its ID, its size (8 bytes, or "unknown" when `unknownSize`), its data. */
export function ebml(id: number, data: Buffer | Buffer[], unknownSize = false): Buffer {
  const body = Array.isArray(data) ? Buffer.concat(data) : data;
  const idBytes = Buffer.from(id.toString(16).padStart(id > 0xffffff ? 8 : id > 0xffff ? 6 : id > 0xff ? 4 : 2, '0'), 'hex');
  const size = Buffer.alloc(8);
  if (unknownSize) size.fill(0xff, 1);
  else size.writeBigUInt64BE(BigInt(body.length), 0);
  size[0] = 0x01;
  return Buffer.concat([idBytes, size, body]);
}

/** An unsigned integer element's data: big-endian, as few bytes as it takes. */
export function ebmlUint(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  const first = bytes.findIndex((b) => b !== 0);
  return bytes.subarray(first === -1 ? 7 : first);
}

/** A variable-length integer in `buffer` at `at`: its value (null for "unknown") and its length. */
export function readVint(buffer: Buffer, at: number): { value: number | null; length: number } {
  const length = Math.clz32(buffer[at]) - 23;
  let value = buffer[at] & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + buffer[at + i];
    allOnes &&= buffer[at + i] === 0xff;
  }
  return { value: allOnes ? null : value, length };
}

/** The EBML header of a WebM file (EBML version 1, DocType `webm` version 4). */
export function webmHeader(): Buffer {
  return ebml(0x1a45dfa3, [ebml(0x4286, ebmlUint(1)), ebml(0x42f7, ebmlUint(1)), ebml(0x42f2, ebmlUint(4)), ebml(0x42f3, ebmlUint(8)), ebml(0x4282, Buffer.from('webm')), ebml(0x4287, ebmlUint(4)), ebml(0x4285, ebmlUint(2))]);
}
