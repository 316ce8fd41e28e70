import { ByteReader } from './byte-reader';
import { readElementHeader, voidHeader } from './ebml';

async function headerOf(bytes: Buffer) {
  return readElementHeader(
    new ByteReader(
      (async function* () {
        yield bytes;
      })(),
    ),
  );
}

describe('EBML element headers', () => {
  it('reads IDs with their marker, sizes without theirs, and "unknown" sizes as null', async () => {
    expect(await headerOf(Buffer.from('1a45dfa3a3', 'hex'))).toEqual({ id: 0x1a45dfa3, size: 0x23, bytes: Buffer.from('1a45dfa3a3', 'hex') });
    expect(await headerOf(Buffer.from('4d80410203', 'hex'))).toMatchObject({ id: 0x4d80, size: 0x102 });
    expect(await headerOf(Buffer.from('1f43b67501ffffffffffffff', 'hex'))).toMatchObject({ id: 0x1f43b675, size: null });
    expect(await headerOf(Buffer.from('1f43b6751fffffff', 'hex'))).toMatchObject({ size: null });
  });

  it('refuses a byte that cannot start an ID or a size', async () => {
    await expect(headerOf(Buffer.from('0880', 'hex'))).rejects.toThrow(/bad length marker in an element ID/);
    await expect(headerOf(Buffer.from('a300', 'hex'))).rejects.toThrow(/bad length marker in an element size/);
  });

  // Every header length an element can have (1-byte ID and 1-byte size up to 4 and 8), small and large data.
  it.each([2, 3, 5, 9, 10, 12])('makes a Void exactly as long as an element with a %i-byte header', async (headerLength) => {
    for (const dataSize of [0, 1, 126, 16_382, 2 ** 30]) {
      if (headerLength - 1 < 8 && dataSize >= 2 ** (7 * Math.min(8, headerLength - 1)) - 1) continue; // more than that header's size field can hold
      const header = voidHeader(headerLength, dataSize);
      const read = await headerOf(header);
      expect(read.id).toBe(0xec);
      expect(read.bytes.length).toBe(header.length);
      expect(header.length + read.size!).toBe(headerLength + dataSize);
    }
  });
});
