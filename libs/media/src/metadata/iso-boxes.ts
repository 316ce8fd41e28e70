import { ByteReader, MalformedImageError } from './byte-reader';

/**
 * ISOBMFF (MP4, HEIF/AVIF) and QuickTime files are trees of boxes: a 32-bit size (1: a 64-bit
 * size follows the type; 0: the box runs to the end of its parent), a four-character type, a body.
 * `format` names the file in errors ("an AVIF", "an MP4").
 */
export interface BoxHeader {
  header: Buffer;
  type: string;
  /** null: the box runs to the end of its parent (size 0). */
  bodySize: number | null;
}

export async function readBoxHeader(reader: ByteReader, format: string): Promise<BoxHeader> {
  let header = await reader.read(8, `${format} box header`);
  if (header.readUInt32BE(0) === 1) header = Buffer.concat([header, await reader.read(8, `${format} box header`)]);
  const { type, headerSize, total } = boxHeaderAt(header, 0, format);
  return { header, type, bodySize: total === null ? null : total - headerSize };
}

/**
 * The box header at `at`, whose bytes must all be there (8, or 16 with a 64-bit size): its type,
 * its length, and the box's whole size (null: size 0, the box runs to the end of its parent).
 */
export function boxHeaderAt(bytes: Buffer, at: number, format: string): { type: string; headerSize: number; total: number | null } {
  const size = bytes.readUInt32BE(at);
  const type = bytes.toString('latin1', at + 4, at + 8);
  if (size === 0) return { type, headerSize: 8, total: null };
  const headerSize = size === 1 ? 16 : 8;
  const total = size === 1 ? safeNumber(bytes.readBigUInt64BE(at + 8), format) : size;
  if (total < headerSize) throw new MalformedImageError(`${format} ${type} box smaller than its header`);
  return { type, headerSize, total };
}

export function safeNumber(value: bigint, format: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new MalformedImageError(`${format} size or offset beyond 2^53`);
  return Number(value);
}
