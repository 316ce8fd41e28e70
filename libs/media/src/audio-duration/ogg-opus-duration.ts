import { ByteReader, MalformedImageError } from '../metadata/byte-reader';

const CAPTURE = Buffer.from('OggS');
const OPUS_HEAD = Buffer.from('OpusHead');
/** Opus granule positions count 48 kHz samples whatever the input rate (RFC 7845 §4). */
const OPUS_SAMPLES_PER_MS = 48;
/** A page whose granule position is all ones ends no packet: it carries no time. */
const NO_GRANULE = 0xffff_ffff_ffff_ffffn;

/**
 * An Ogg Opus file's length in milliseconds: the last granule position of its Opus stream minus
 * the stream's pre-skip (RFC 7845 §4.1), over 48 000 samples a second. The pages are walked as
 * they stream from the storage (headers read, payloads skipped), so memory stays at one page
 * whatever the file's size. Null when the file is not Ogg Opus or ends inside a page.
 */
export async function oggOpusDurationMs(source: AsyncIterable<Uint8Array>): Promise<number | null> {
  try {
    return await walkPages(new ByteReader(source));
  } catch (err) {
    // The ByteReader's "the file ends inside …" (it was written for images first).
    if (err instanceof MalformedImageError) return null;
    throw err;
  }
}

async function walkPages(bytes: ByteReader): Promise<number | null> {
  let serial: number | null = null;
  let preSkip = 0;
  let lastGranule: bigint | null = null;
  while (!(await bytes.atEnd())) {
    const header = await bytes.read(27, 'an Ogg page header');
    if (!header.subarray(0, 4).equals(CAPTURE)) return null;
    const granule = header.readBigUInt64LE(6);
    const pageSerial = header.readUInt32LE(14);
    const segments = await bytes.read(header[26], 'an Ogg segment table');
    const payloadBytes = segments.reduce((sum, n) => sum + n, 0);
    if (serial === null) {
      // The first page opens the first stream; RFC 7845 puts OpusHead alone on it.
      const payload = await bytes.read(payloadBytes, 'an Ogg page');
      if (payload.length < 19 || !payload.subarray(0, 8).equals(OPUS_HEAD)) return null;
      serial = pageSerial;
      preSkip = payload.readUInt16LE(10);
      continue;
    }
    await bytes.skip(payloadBytes, 'an Ogg page');
    if (pageSerial === serial && granule !== NO_GRANULE) lastGranule = granule;
  }
  if (lastGranule === null) return null;
  const samples = Number(lastGranule) - preSkip;
  return samples > 0 ? Math.round(samples / OPUS_SAMPLES_PER_MS) : null;
}
