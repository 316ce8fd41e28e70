import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Read back in pieces of this size. */
const READ_BYTES = 256 * 1024;

/**
 * Bytes held back until a stripper knows what to do with them: in memory up to `memoryBytes`,
 * then in a file of its own under the system's temporary directory (`TMPDIR`), so a long upload
 * costs disk, not heap. The file is unlinked as soon as it is open: its handle keeps the bytes,
 * and the system frees them once the handle is closed or the process ends, so a process killed
 * mid-upload leaves nothing behind. `drain` hands them back in order and empties it; `close`
 * closes the file (call it in a `finally`: an upload can fail half-way).
 */
export class Spool {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private file: { handle: FileHandle; size: number } | null = null;

  constructor(private readonly memoryBytes: number) {}

  get isEmpty(): boolean {
    return this.heldBytes === 0 && !this.file?.size;
  }

  async add(bytes: Buffer): Promise<void> {
    if (this.file) return this.append(bytes);
    this.held.push(bytes);
    this.heldBytes += bytes.length;
    if (this.heldBytes <= this.memoryBytes) return;
    const dir = await mkdtemp(join(tmpdir(), 'chat-upload-'));
    try {
      this.file = { handle: await open(join(dir, 'spool'), 'w+'), size: 0 };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const held = Buffer.concat(this.held);
    this.held = [];
    this.heldBytes = 0;
    await this.append(held);
  }

  async *drain(): AsyncGenerator<Buffer> {
    const file = this.file;
    if (file) {
      for (let at = 0; at < file.size; ) {
        const { bytesRead, buffer } = await file.handle.read(Buffer.alloc(Math.min(READ_BYTES, file.size - at)), 0, Math.min(READ_BYTES, file.size - at), at);
        if (bytesRead === 0) throw new Error(`the upload's spool file ended at ${at} of ${file.size} bytes`);
        at += bytesRead;
        yield buffer.subarray(0, bytesRead);
      }
      await this.close();
    }
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    yield* held;
  }

  async close(): Promise<void> {
    const file = this.file;
    this.file = null;
    if (!file) return;
    await file.handle.close();
  }

  private async append(bytes: Buffer): Promise<void> {
    const file = this.file!;
    await file.handle.write(bytes, 0, bytes.length, file.size);
    file.size += bytes.length;
  }
}
