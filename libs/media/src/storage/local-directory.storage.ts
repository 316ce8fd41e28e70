import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, stat, statfs, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { checkedMediaKey, limitedTo, type ByteRange, type MediaStorage } from './media-storage.port';

/** A part file this long untouched belongs to an upload whose process died: swept at start. */
const STALE_PART_MS = 15 * 60_000;

/**
 * The embedded media storage: files under `<root>/objects/<key>`. An object is written to
 * `<root>/parts/<random>.part`, fsynced, renamed into place (atomic on one filesystem) and its
 * directory fsynced, so after a crash a key holds either nothing or the whole file; a failed or
 * over-limit write deletes its part file at once, and `sweep` deletes what a dead process left.
 */
export class LocalDirectoryStorage implements MediaStorage {
  private readonly objects: string;
  private readonly parts: string;

  constructor(readonly root: string) {
    this.objects = path.join(root, 'objects');
    this.parts = path.join(root, 'parts');
  }

  async init(): Promise<void> {
    await mkdir(this.objects, { recursive: true });
    await mkdir(this.parts, { recursive: true });
    await this.sweep();
  }

  async put(key: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, limitBytes: number): Promise<{ size: number }> {
    const target = this.pathOf(key);
    const part = path.join(this.parts, `${randomUUID()}.part`);
    const file = await open(part, 'wx', 0o600);
    let size = 0;
    try {
      try {
        for await (const chunk of limitedTo(source, limitBytes)) {
          size += chunk.byteLength;
          await file.write(chunk);
        }
        await file.sync();
      } finally {
        await file.close();
      }
      await mkdir(path.dirname(target), { recursive: true });
      await rename(part, target);
    } catch (err) {
      await unlink(part).catch(() => undefined);
      throw err;
    }
    await syncDirectory(path.dirname(target));
    return { size };
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      return { size: (await stat(this.pathOf(key))).size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  read(key: string, range?: ByteRange): Readable {
    return createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end } : {});
  }

  async remove(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  async freeBytes(): Promise<number> {
    const fs = await statfs(this.objects);
    return fs.bavail * fs.bsize;
  }

  /** Deletes part files no upload has touched for a while (their process died mid-upload). */
  async sweep(nowMs = Date.now()): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.parts)) {
      const file = path.join(this.parts, name);
      const info = await stat(file).catch(() => null);
      if (info && nowMs - info.mtimeMs > STALE_PART_MS && (await unlink(file).then(() => true, () => false))) removed++;
    }
    return removed;
  }

  private pathOf(key: string): string {
    return path.join(this.objects, checkedMediaKey(key));
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
