import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Writes one chunk of an export, waiting for `drain` when the stream's buffer is full (backpressure). */
export async function writeChunk(out: Writable, chunk: string): Promise<void> {
  if (out.destroyed) throw new Error('The export’s stream was closed before it was written');
  if (!out.write(chunk)) await once(out, 'drain');
}
