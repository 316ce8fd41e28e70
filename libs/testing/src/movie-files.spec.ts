import { readdir, readlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { MalformedImageError, stripMetadata } from '@chat/media';
import { stripInChunks } from './strip-in-chunks';
import { isoBox, latin1, makeMovie, MOVIE_SAMPLES, MOVIE_SECRETS, uintBytes, type MovieOptions } from './movie-files';

// The stripper's spec lives beside the files it strips: a feature lib's spec may not import
// @chat/testing (it depends on the features), so the stripper is checked from here.

const strip = (file: Buffer, chunkBytes = file.length, type = 'video/mp4') => stripInChunks(file, type, chunkBytes);

const LAYOUTS: MovieOptions[] = [{}, { moovLast: true }, { largeMdat: true }, { lastToEnd: true }, { moovLast: true, lastToEnd: true }, { compactTables: true }, { moovLast: true, compactTables: true }];

/** The stripper's spool directories left in the system's temporary directory. */
const spoolDirectories = async () => (await readdir(tmpdir())).filter((name) => name.startsWith('chat-upload-'));
/** The stripper's spool files this process holds open (unlinked at once, they show only here: Linux's /proc). */
const openSpools = async () => {
  const targets = await Promise.all((await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.filter((target) => target.includes('/chat-upload-'));
};

describe('stripMetadata: MP4, QuickTime and M4A recordings', () => {
  it.each(LAYOUTS)('blanks the metadata boxes and recording times in place and changes no other byte: %j', async (layout) => {
    const movie = makeMovie(layout);
    const expected = makeMovie({ ...layout, stripped: true });
    expect(expected.length).toBe(movie.length);
    const text = movie.toString('latin1');
    for (const secret of MOVIE_SECRETS) expect(text).toContain(secret);

    for (const chunkBytes of [1, 7, 100, movie.length]) expect((await strip(movie, chunkBytes)).equals(expected)).toBe(true);
    const stripped = await strip(movie);
    for (const secret of MOVIE_SECRETS) expect(stripped.toString('latin1')).not.toContain(secret);
    expect(stripped.indexOf(MOVIE_SAMPLES)).toBe(movie.indexOf(MOVIE_SAMPLES));
  });

  it.each(['video/quicktime', 'audio/mp4', 'audio/x-m4a'])('strips %s the same way', async (type) => {
    expect((await strip(makeMovie(), 64, type)).equals(makeMovie({ stripped: true }))).toBe(true);
  });

  it('holds a camera\'s file (moov after mdat) in a temporary file until its GPS samples are known, unlinked while open, and closes it, also when the upload fails', async () => {
    const before = await spoolDirectories();
    const movie = makeMovie({ moovLast: true, moreMediaBytes: 6 * 1024 * 1024 });
    const expected = makeMovie({ moovLast: true, moreMediaBytes: 6 * 1024 * 1024, stripped: true });
    expect((await strip(movie, 64 * 1024)).equals(expected)).toBe(true);
    expect(await openSpools()).toEqual([]);

    const cut = movie.subarray(0, movie.length - 100);
    await expect(strip(cut, 64 * 1024)).rejects.toThrow(MalformedImageError);
    expect(await openSpools()).toEqual([]);

    // The reader stops half-way (the upload's destination failed): the spool goes all the same.
    const reading = stripMetadata('video/mp4', (async function* () {
      for (let at = 0; at < movie.length; at += 64 * 1024) yield movie.subarray(at, at + 64 * 1024);
    })())[Symbol.asyncIterator]();
    await reading.next();
    expect(await openSpools()).toEqual([expect.stringMatching(/\/chat-upload-[^/]+\/spool \(deleted\)$/)]);
    // Nothing of it is in TMPDIR, even while it is open: a process killed now would leave nothing there.
    expect(await spoolDirectories()).toEqual(before);
    await reading.return?.(undefined);
    expect(await openSpools()).toEqual([]);
  });

  it('refuses a GPS track whose tables do not add up, and a table too large to be real', async () => {
    const movie = makeMovie();
    const moreSamplesThanSizes = Buffer.from(movie);
    // The second run of stsc: 1 sample a chunk from chunk 2 becomes 9.
    const stsc = moreSamplesThanSizes.indexOf(latin1('stsc'));
    moreSamplesThanSizes.writeUInt32BE(9, stsc + 8 + 4 + 12 + 4);
    await expect(strip(moreSamplesThanSizes)).rejects.toThrow(/sample tables disagree/);

    const shortTable = Buffer.from(movie);
    shortTable.writeUInt32BE(1000, shortTable.indexOf(latin1('stco'), stsc) + 8);
    await expect(strip(shortTable)).rejects.toThrow(/stco box shorter than its 1000 entries/);

    // Box headers only, claiming a 100 MiB hdlr: refused before anything is held.
    const header = (mib: number, type: string) => Buffer.concat([uintBytes(mib * 1024 * 1024, 4), latin1(type)]);
    const forged = Buffer.concat([isoBox('ftyp', latin1('isom')), header(130, 'moov'), header(120, 'trak'), header(110, 'mdia'), header(100, 'hdlr')]);
    await expect(strip(forged)).rejects.toThrow(/hdlr box larger than/);
  });

  it('passes a movie without metadata byte for byte', async () => {
    const plain = Buffer.concat([isoBox('ftyp', latin1('qt  '), uintBytes(0, 4), latin1('qt  ')), isoBox('wide'), isoBox('mdat', MOVIE_SAMPLES), isoBox('moov', isoBox('iods', Buffer.alloc(8)))]);
    expect((await strip(plain, 3)).equals(plain)).toBe(true);
  });

  it('refuses what is not a movie, is cut short, or has boxes that do not nest', async () => {
    const movie = makeMovie();
    await expect(strip(latin1('PK\x03\x04 an archive, not a movie'))).rejects.toThrow(/not an MP4 or QuickTime file/);
    await expect(strip(movie.subarray(0, movie.length - 10))).rejects.toThrow(MalformedImageError);
    const overflowing = Buffer.from(movie);
    overflowing.writeUInt32BE(0xffff, movie.indexOf(latin1('trak')) - 4);
    await expect(strip(overflowing)).rejects.toThrow(/trak box past the end of its moov box/);
    const shortTimes = Buffer.concat([isoBox('ftyp', latin1('isom')), isoBox('moov', isoBox('mvhd', Buffer.from([1, 0, 0, 0]), Buffer.alloc(8)))]);
    await expect(strip(shortTimes)).rejects.toThrow(/mvhd box shorter than its fields/);
    await expect(strip(Buffer.concat([movie, latin1('zip')]))).rejects.toThrow(MalformedImageError);
  });
});
