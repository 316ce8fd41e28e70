import { ByteReader, MalformedImageError } from './byte-reader';
import { readBoxHeader, type BoxHeader } from './iso-boxes';
import { SAMPLE_TABLE_BOXES, TrackBoxes } from './movie-samples';
import { TimedMetadataSamples, withTimedMetadataBlanked } from './timed-metadata';

const MP4 = 'an MP4';

/**
 * The largest handler or sample table box read whole: a 10-hour video at 60 frames a second has a
 * `stsz` of 8.6 MB, so only a forged file comes near it, and it must not make the server hold it.
 */
const MAX_TABLE_BYTES = 64 * 1024 * 1024;

/**
 * What is done to a box met at a level: blanked, its recording times zeroed, read whole (a
 * track's handler and sample tables, passed on unchanged), or walked into.
 */
type Rewrite = 'blank' | 'zero-times' | 'handler' | 'sample-table' | Level;
type Level = 'file' | 'moov' | 'trak' | 'mdia' | 'minf' | 'stbl';

/** Where a phone or camera writes about the recording: location, make, model, software, owner. */
const METADATA_BOXES = { udta: 'blank', meta: 'blank', uuid: 'blank' } as const;

/**
 * MP4, QuickTime and M4A files keep what the device recorded about a video apart from the media:
 * `udta` (the ©xyz location of Android and QuickTime, ©mak/©mod make and model, 3GPP `loci`),
 * `meta` (Apple's keys: location, make, model, software, creation date) and `uuid` (XMP, makers'
 * data, with GPS among them), at the top and in `moov` and each `trak`; and the time of recording,
 * in `mvhd`, `tkhd` and `mdhd`. A track's handler (`mdia/hdlr`) and sample tables
 * (`mdia/minf/stbl`) are read to find the samples of timed-metadata tracks. Everything else
 * passes unread.
 */
const REWRITES: Record<Level, Record<string, Rewrite>> = {
  file: { moov: 'moov', ...METADATA_BOXES },
  moov: { mvhd: 'zero-times', trak: 'trak', ...METADATA_BOXES },
  trak: { tkhd: 'zero-times', mdia: 'mdia', ...METADATA_BOXES },
  mdia: { mdhd: 'zero-times', hdlr: 'handler', minf: 'minf' },
  minf: { stbl: 'stbl' },
  stbl: Object.fromEntries([...SAMPLE_TABLE_BOXES].map((type) => [type, 'sample-table' as const])),
};

/** What the rewriter learns on its way: the timed-metadata samples of the file, and the tables of the track it is in. */
interface Found {
  samples: TimedMetadataSamples;
  track: TrackBoxes | null;
}

/** What a movie file starts with (QuickTime files may lack `ftyp`); anything else is not one. */
const FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot']);

/**
 * Strips an MP4, QuickTime or M4A file in place: metadata boxes become `free` boxes of zeros,
 * which every reader skips, recording times become 0, and the samples of timed-metadata tracks
 * (a GoPro's GPS) become zeros, so no box changes size, the sample offsets into `mdat` stay right
 * and the media decode exactly as before. The boxes stream, holding only their headers, a time
 * box's first bytes and the tracks' sample tables; the bytes are held back until `moov` has been
 * read (withTimedMetadataBlanked), which is right away in a file made for the web and after the
 * whole `mdat` in one straight from a camera.
 */
export async function* stripMovie(reader: ByteReader): AsyncGenerator<Buffer, void> {
  const samples = new TimedMetadataSamples();
  yield* withTimedMetadataBlanked(rewrittenBoxes(reader, samples), samples);
}

async function* rewrittenBoxes(reader: ByteReader, samples: TimedMetadataSamples): AsyncGenerator<Buffer> {
  for (let first = true; !(await reader.atEnd()); first = false) {
    const box = await readBoxHeader(reader, MP4);
    if (first && !FIRST_BOXES.has(box.type)) throw new MalformedImageError(`not an MP4 or QuickTime file: it starts with a ${JSON.stringify(box.type)} box`);
    yield* rewritten(reader, box, 'file', null, { samples, track: null });
    if (box.type === 'moov') samples.complete();
  }
}

/** `box` (its header read) with its body; `room` is what is left of its parent, null at the top of the file. */
async function* rewritten(reader: ByteReader, box: BoxHeader, level: Level, room: number | null, found: Found): AsyncGenerator<Buffer> {
  const bodySize = box.bodySize ?? (room === null ? null : room - box.header.length);
  const rewrite = REWRITES[level][box.type];
  if (rewrite === 'blank') {
    const header = Buffer.from(box.header);
    header.write('free', 4, 'latin1');
    yield header;
    for await (const part of body(reader, box, bodySize)) yield Buffer.alloc(part.length);
  } else if (rewrite === 'zero-times') {
    yield box.header;
    yield* withoutTimes(reader, box, bodySize);
  } else if (rewrite === 'handler' || rewrite === 'sample-table') {
    if ((bodySize ?? 0) > MAX_TABLE_BYTES) throw new MalformedImageError(`${MP4} ${box.type} box larger than ${MAX_TABLE_BYTES} bytes`);
    const whole = await reader.read(bodySize ?? 0, `${MP4} ${box.type} box`);
    if (rewrite === 'handler') found.track?.readHandler(whole);
    else found.track?.tables.set(box.type, whole);
    yield box.header;
    yield whole;
  } else if (rewrite === 'trak') {
    const track = new TrackBoxes();
    yield box.header;
    yield* children(reader, rewrite, box, bodySize, { ...found, track });
    found.samples.addTrack(track);
  } else if (rewrite) {
    yield box.header;
    yield* children(reader, rewrite, box, bodySize, found);
  } else {
    yield box.header;
    yield* body(reader, box, bodySize);
  }
}

function body(reader: ByteReader, box: BoxHeader, bodySize: number | null): AsyncGenerator<Buffer> {
  return bodySize === null ? reader.rest() : reader.pass(bodySize, `${MP4} ${box.type} box`);
}

/** The boxes inside `box`, each rewritten as its level says; they must fill it exactly. */
async function* children(reader: ByteReader, level: Level, box: BoxHeader, bodySize: number | null, found: Found): AsyncGenerator<Buffer> {
  let left = bodySize ?? Number.POSITIVE_INFINITY;
  while (left > 0 && !(bodySize === null && (await reader.atEnd()))) {
    if (left < 8) throw new MalformedImageError(`${MP4} box header past the end of its ${box.type} box`);
    const child = await readBoxHeader(reader, MP4);
    const size = child.bodySize === null ? left : child.header.length + child.bodySize;
    if (size > left || child.header.length > left) throw new MalformedImageError(`${MP4} ${child.type} box past the end of its ${box.type} box`);
    yield* rewritten(reader, child, level, bodySize === null ? null : left, found);
    left -= size;
  }
}

/**
 * `mvhd`, `tkhd` and `mdhd` start alike: version and flags, then the creation and modification
 * times, 32-bit in version 0 and 64-bit in version 1; 0 is what encoders write for "unknown".
 */
async function* withoutTimes(reader: ByteReader, box: BoxHeader, bodySize: number | null): AsyncGenerator<Buffer> {
  const what = `${MP4} ${box.type} box`;
  const versionAndFlags = await reader.read(4, what);
  const timesSize = versionAndFlags[0] === 1 ? 16 : 8;
  const after = (bodySize ?? Number.POSITIVE_INFINITY) - 4 - timesSize;
  if (after < 0) throw new MalformedImageError(`${what} shorter than its fields`);
  await reader.skip(timesSize, what);
  yield versionAndFlags;
  yield Buffer.alloc(timesSize);
  yield* body(reader, box, bodySize === null ? null : after);
}
