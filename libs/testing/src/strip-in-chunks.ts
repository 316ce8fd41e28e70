import { stripMetadata } from '@chat/media';

/** What the metadata stripper makes of `file` uploaded as `type`, fed to it in chunks of `chunkBytes` (the specs of the fixtures' strippers). */
export async function stripInChunks(file: Buffer, type: string, chunkBytes = file.length): Promise<Buffer> {
  async function* chunks() {
    for (let at = 0; at < file.length; at += chunkBytes) yield file.subarray(at, at + chunkBytes);
  }
  const out: Uint8Array[] = [];
  for await (const chunk of stripMetadata(type, chunks())) out.push(chunk);
  return Buffer.concat(out);
}
