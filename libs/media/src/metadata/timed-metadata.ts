import { sampleRanges, type ByteRange, type TrackBoxes } from './movie-samples';
import { Spool } from './spool';

/** What a movie's bytes are held in memory up to, before the rest waits in a file. */
const HELD_IN_MEMORY_BYTES = 4 * 1024 * 1024;

/**
 * Where a movie's timed-metadata tracks keep their samples (a GoPro's GPS track among them):
 * ranges gathered track by track while its `moov` is read, known once it has been.
 */
export class TimedMetadataSamples {
  private gathered: ByteRange[] = [];
  private merged: ByteRange[] | null = null;

  addTrack(track: TrackBoxes): void {
    if (!track.isTimedMetadata || this.merged) return;
    for (const range of sampleRanges(track)) this.gathered.push(range);
  }

  /** The `moov` has been read: no more tracks (a second `moov` is ignored, as players do). */
  complete(): void {
    if (this.merged) return;
    const sorted = this.gathered.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [start, end] of sorted) {
      const last = merged[merged.length - 1];
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else merged.push([start, end]);
    }
    this.merged = merged;
    this.gathered = [];
  }

  /** Sorted, apart, or null while the `moov` has not been read. */
  get ranges(): readonly ByteRange[] | null {
    return this.merged;
  }
}

/**
 * `movie` (its bytes from the first, as the box rewriter yields them) with the samples of its
 * timed-metadata tracks overwritten by zeros, in place: no byte moves. Which bytes those are is
 * known only once `moov` has been read, and phones and cameras write it after `mdat`; until then
 * everything is held back (`Spool`), then passed on as it arrives. A movie without a `moov`
 * passes unchanged.
 */
export async function* withTimedMetadataBlanked(movie: AsyncIterable<Buffer>, samples: TimedMetadataSamples): AsyncGenerator<Buffer> {
  const held = new Spool(HELD_IN_MEMORY_BYTES);
  const blank = zeroer();
  try {
    for await (const bytes of movie) {
      const ranges = samples.ranges;
      if (!ranges) {
        await held.add(bytes);
        continue;
      }
      if (!held.isEmpty) for await (const part of held.drain()) yield blank(part, ranges);
      yield blank(bytes, ranges);
    }
    for await (const part of held.drain()) yield blank(part, samples.ranges ?? []);
  } finally {
    await held.close();
  }
}

/** A function zeroing, in consecutive pieces of a file, the bytes within `ranges` (sorted, apart); a piece with none of them is passed as it is. */
function zeroer(): (piece: Buffer, ranges: readonly ByteRange[]) => Buffer {
  let offset = 0;
  let next = 0;
  return (piece, ranges) => {
    const start = offset;
    const end = (offset += piece.length);
    while (next < ranges.length && ranges[next][1] <= start) next++;
    let copy: Buffer | null = null;
    for (let i = next; i < ranges.length && ranges[i][0] < end; i++) {
      copy ??= Buffer.from(piece);
      copy.fill(0, Math.max(ranges[i][0], start) - start, Math.min(ranges[i][1], end) - start);
    }
    return copy ?? piece;
  };
}
