import { ebml, ebmlUint, webmHeader } from './ebml-elements';

/**
 * Audio files built byte by byte, with a known length, for the specs of the server's duration
 * readers: Ogg Opus (RFC 7845) and WebM as a browser's MediaRecorder writes it. The Opus packets
 * are 20 ms of silence (a CELT frame whose single byte after the TOC says "silence"), so a player
 * accepts them; the specs care about the containers' timing.
 */
const SILENT_OPUS_FRAME = Buffer.from([0xf8, 0xff, 0xfe]);
const FRAME_MS = 20;

export interface OggOpusOptions {
  /** Samples at 48 kHz the decoder drops at the start (RFC 7845 §4.2); 312 is libopus's usual. */
  preSkip?: number;
  /** Bytes to cut off the end, to make a file that ends inside a page. */
  truncateBy?: number;
}

/** An Ogg Opus file `durationMs` long (a multiple of 20 ms), one second of packets per page. */
export function makeOggOpus(durationMs: number, { preSkip = 312, truncateBy = 0 }: OggOpusOptions = {}): Buffer {
  const serial = 0x5eed;
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head.writeUInt8(1, 8);
  head.writeUInt8(1, 9);
  head.writeUInt16LE(preSkip, 10);
  head.writeUInt32LE(48_000, 12);
  const vendor = Buffer.from('chat specs');
  const tags = Buffer.concat([Buffer.from('OpusTags'), u32le(vendor.length), vendor, u32le(0)]);
  const pages = [oggPage(serial, 0, 0x02, 0n, [head]), oggPage(serial, 1, 0, 0n, [tags])];
  const frames = Math.round(durationMs / FRAME_MS);
  for (let done = 0, seq = 2; done < frames; seq++) {
    const count = Math.min(50, frames - done);
    done += count;
    const granule = BigInt(preSkip + done * FRAME_MS * 48);
    pages.push(oggPage(serial, seq, done === frames ? 0x04 : 0, granule, Array.from({ length: count }, () => SILENT_OPUS_FRAME)));
  }
  const file = Buffer.concat(pages);
  return file.subarray(0, file.length - truncateBy);
}

function oggPage(serial: number, sequence: number, flags: number, granule: bigint, packets: Buffer[]): Buffer {
  const lacing = packets.flatMap((p) => [...Array(Math.floor(p.length / 255)).fill(255), p.length % 255]);
  const header = Buffer.alloc(27 + lacing.length);
  header.write('OggS', 0, 'latin1');
  header.writeUInt8(flags, 5);
  header.writeBigUInt64LE(granule, 6);
  header.writeUInt32LE(serial, 14);
  header.writeUInt32LE(sequence, 18);
  header.writeUInt8(lacing.length, 26);
  Buffer.from(lacing).copy(header, 27);
  const page = Buffer.concat([header, ...packets]);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

/** Ogg's CRC-32: polynomial 0x04c11db7, not reflected, initial and final value 0. */
function oggCrc(data: Buffer): number {
  let crc = 0;
  for (const byte of data) {
    crc ^= byte << 24;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  return crc >>> 0;
}

export interface WebmOptions {
  /** Segment and Clusters of unknown size, as a recorder streaming its output writes them. */
  streamed?: boolean;
  /** A new cluster every this many milliseconds. */
  clusterMs?: number;
}

/** A WebM file with one Opus track, `durationMs` long (a multiple of 20 ms), like Chromium's MediaRecorder output. */
export function makeWebmOpus(durationMs: number, { streamed = false, clusterMs = 1000 }: WebmOptions = {}): Buffer {
  const info = ebml(0x1549a966, [ebml(0x2ad7b1, ebmlUint(1_000_000)), ebml(0x4d80, Buffer.from('chat specs')), ebml(0x5741, Buffer.from('chat specs'))]);
  const opusHead = Buffer.from('4f707573486561640101380180bb0000000000', 'hex');
  const track = ebml(0xae, [ebml(0xd7, ebmlUint(1)), ebml(0x73c5, ebmlUint(1)), ebml(0x83, ebmlUint(2)), ebml(0x86, Buffer.from('A_OPUS')), ebml(0x63a2, opusHead), ebml(0xe1, [ebml(0xb5, Buffer.from('40e7700000000000', 'hex')), ebml(0x9f, ebmlUint(1))])]);
  const clusters: Buffer[] = [];
  const frames = Math.round(durationMs / FRAME_MS);
  for (let start = 0; start < frames * FRAME_MS; start += clusterMs) {
    const blocks: Buffer[] = [];
    for (let t = start; t < Math.min(start + clusterMs, frames * FRAME_MS); t += FRAME_MS) {
      const block = Buffer.alloc(4);
      block.writeUInt8(0x81, 0); // track 1
      block.writeInt16BE(t - start, 1);
      block.writeUInt8(0x80, 3); // keyframe
      blocks.push(ebml(0xa3, Buffer.concat([block, SILENT_OPUS_FRAME])));
    }
    clusters.push(ebml(0x1f43b675, [ebml(0xe7, ebmlUint(start)), ...blocks], streamed));
  }
  return Buffer.concat([webmHeader(), ebml(0x18538067, [info, ebml(0x1654ae6b, [track]), ...clusters], streamed)]);
}

function u32le(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}
