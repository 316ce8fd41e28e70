import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Writes one chunk of an export, waiting for `drain` when the stream's buffer is full (backpressure).
 * The wait also ends, rejecting, when the stream closes first: a client that goes away mid-download
 * closes the response with neither `drain` nor `error`, and the export must stop and give back what
 * it holds (the account export's cursor holds a connection and a transaction open).
 */
export async function writeChunk(out: Writable, chunk: string): Promise<void> {
  if (out.destroyed) throw closedEarly();
  if (!out.write(chunk)) await drained(out);
}

async function drained(out: Writable): Promise<void> {
  const closed = new AbortController();
  const onClose = () => closed.abort(closedEarly());
  out.once('close', onClose);
  try {
    await once(out, 'drain', { signal: closed.signal });
  } catch (err) {
    // Aborted by the close, unless the stream failed with an error of its own first.
    throw (err as Error).name === 'AbortError' ? closed.signal.reason : err;
  } finally {
    out.off('close', onClose);
  }
}

const closedEarly = () => new Error('The export’s stream was closed before it was written');
