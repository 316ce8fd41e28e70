import { MalformedImageError } from '@chat/media';
import { stripInChunks } from './strip-in-chunks';
import { isoBox, latin1, makeMovie, MOVIE_SAMPLES, MOVIE_SECRETS, uintBytes, type MovieOptions } from './movie-files';

// The stripper's spec lives beside the files it strips: a feature lib's spec may not import
// @chat/testing (it depends on the features), so the stripper is checked from here.

const strip = (file: Buffer, chunkBytes = file.length, type = 'video/mp4') => stripInChunks(file, type, chunkBytes);

const LAYOUTS: MovieOptions[] = [{}, { moovLast: true }, { largeMdat: true }, { lastToEnd: true }, { moovLast: true, lastToEnd: true }];

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
