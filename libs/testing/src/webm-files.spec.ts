import { MalformedImageError } from '@chat/media';
import { stripInChunks } from './strip-in-chunks';
import { ebml } from './ebml-elements';
import { makeWebm, WEBM_SAMPLES, WEBM_SECRETS, type WebmRecordingOptions } from './webm-files';

// The stripper's spec lives beside the files it strips: a feature lib's spec may not import
// @chat/testing (it depends on the features), so the stripper is checked from here.

const strip = (file: Buffer, chunkBytes = file.length, type = 'video/webm') => stripInChunks(file, type, chunkBytes);

const LAYOUTS: WebmRecordingOptions[] = [{}, { streamed: true }, { infoCrc: true }, { streamed: true, infoCrc: true }];

describe('stripMetadata: WebM and Matroska recordings', () => {
  it.each(LAYOUTS)('makes Tags, Attachments, the title, the date and the software names blank in place and changes no other byte: %j', async (layout) => {
    const webm = makeWebm(layout);
    const expected = makeWebm({ ...layout, stripped: true });
    expect(expected.length).toBe(webm.length);
    for (const secret of WEBM_SECRETS) expect(webm.toString('latin1')).toContain(secret);

    for (const chunkBytes of [1, 7, 100, webm.length]) expect((await strip(webm, chunkBytes)).equals(expected)).toBe(true);
    const stripped = await strip(webm);
    for (const secret of WEBM_SECRETS) expect(stripped.toString('latin1')).not.toContain(secret);
    expect(stripped.indexOf(WEBM_SAMPLES.subarray(0, 50))).toBe(webm.indexOf(WEBM_SAMPLES.subarray(0, 50)));
  });

  it.each(['audio/webm', 'video/x-matroska', 'audio/x-matroska'])('strips %s the same way', async (type) => {
    expect((await strip(makeWebm(), 64, type)).equals(makeWebm({ stripped: true }))).toBe(true);
  });

  it('passes a recording without metadata byte for byte', async () => {
    const plain = Buffer.from(makeWebm({ stripped: true }));
    expect((await strip(plain, 3)).equals(plain)).toBe(true);
  });

  it('refuses what is not EBML, is cut short, or has elements that do not nest', async () => {
    const webm = makeWebm();
    await expect(strip(Buffer.from('PK\x03\x04 an archive, not a recording', 'latin1'))).rejects.toThrow(MalformedImageError);
    await expect(strip(ebml(0x1549a966, []))).rejects.toThrow(/no EBML header/);
    await expect(strip(webm.subarray(0, webm.length - 10))).rejects.toThrow(/the file ends inside/);
    const info = webm.indexOf(Buffer.from('1549a966', 'hex'));
    const overflowing = Buffer.from(webm);
    overflowing.writeUInt32BE(0xffff, info + 8);
    await expect(strip(overflowing)).rejects.toThrow(/element 1549a966 past the end of its parent/);
    const unknownInfo = Buffer.from(webm);
    unknownInfo.fill(0xff, info + 5, info + 12);
    await expect(strip(unknownInfo)).rejects.toThrow(/element 1549a966 of unknown size/);
  });
});
