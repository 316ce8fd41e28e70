import { chmod, mkdir } from 'node:fs/promises';

/**
 * Makes `dir` (and any missing parent) readable by this process's OS user only: created 0700,
 * and, when `ownLeaf`, the leaf set to 0700 even where it existed (a folder only this process
 * writes, e.g. one tenant's exports). Parents that existed keep their mode: they may be a volume
 * other processes share, or DATA_DIR, which the embedded Postgres must pass through.
 */
export async function ensurePrivateDirectory(dir: string, { ownLeaf = false } = {}): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (ownLeaf) await chmod(dir, 0o700);
}

/** What a file that only this process's user may read is written with. */
export const PRIVATE_FILE_MODE = 0o600;
