import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import type { ClamdAddress } from '@chat/platform';

/** clamd could not give a verdict (unreachable, too slow, or it answered an error). */
export class ScannerUnavailableError extends Error {
  constructor(problem: string, options?: { cause?: unknown }) {
    super(`malware scanner unavailable: ${problem}`, options);
    this.name = 'ScannerUnavailableError';
  }
}

/** The file is longer than clamd's StreamMaxLength: it was not scanned (as a whole). */
export class ScanTooLargeError extends Error {
  constructor(readonly answer: string) {
    super(`clamd refused the stream: ${answer}`);
    this.name = 'ScanTooLargeError';
  }
}

/** Bytes per INSTREAM chunk: far below any StreamMaxLength, so one chunk never breaks the limit alone. */
const CHUNK_BYTES = 64 * 1024;
/** clamd's signature names are short; a longer answer is not echoed to anyone in full. */
const MAX_SIGNATURE_CHARS = 120;

/**
 * Scans a stream with clamd's INSTREAM command: `zINSTREAM\0`, then chunks each led by its length
 * (4 bytes, big-endian), a zero-length chunk to end, and one `\0`-terminated answer:
 * `stream: OK`, `stream: <signature> FOUND`, or `... ERROR`. clamd answers early (and hangs up)
 * once a stream passes its StreamMaxLength, so the answer is awaited while the bytes are sent.
 */
export class ClamdScanner {
  constructor(
    private readonly address: ClamdAddress,
    private readonly timeoutMs: number,
  ) {}

  /** The signature found, or null when the bytes are clean. */
  async scan(source: AsyncIterable<Uint8Array>): Promise<string | null> {
    const socket = connect(this.address);
    const stopSending = new AbortController();
    const timer = setTimeout(() => socket.destroy(new ScannerUnavailableError(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    try {
      const answer = answerOf(socket);
      // Sending fails when clamd hangs up after answering early: the answer (or its absence) counts.
      const sent = send(socket, source, stopSending.signal).then(
        () => answer,
        () => answer,
      );
      return verdictOf(await Promise.race([answer, sent]));
    } finally {
      clearTimeout(timer);
      stopSending.abort();
      socket.destroy();
    }
  }
}

async function send(socket: Socket, source: AsyncIterable<Uint8Array>, signal: AbortSignal): Promise<void> {
  await once(socket, 'connect', { signal });
  const write = async (bytes: Uint8Array) => {
    if (!socket.write(bytes)) await once(socket, 'drain', { signal });
  };
  await write(Buffer.from('zINSTREAM\0', 'latin1'));
  for await (const chunk of source) {
    for (let at = 0; at < chunk.byteLength; at += CHUNK_BYTES) {
      const piece = chunk.subarray(at, at + CHUNK_BYTES);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(piece.byteLength);
      await write(length);
      await write(piece);
    }
  }
  await write(Buffer.alloc(4));
}

/** clamd's `\0`-terminated answer; rejects when the connection ends (or fails, or times out) without one. */
function answerOf(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    let failure: Error | undefined;
    socket.on('data', (data: Buffer) => {
      text += data.toString('latin1');
      const end = text.indexOf('\0');
      if (end >= 0) resolve(text.slice(0, end));
    });
    socket.on('error', (err) => (failure = err));
    socket.once('close', () => {
      if (failure instanceof ScannerUnavailableError) reject(failure);
      else reject(new ScannerUnavailableError(failure ? failure.message : 'clamd closed the connection without an answer', { cause: failure }));
    });
  });
}

function verdictOf(answer: string): string | null {
  if (answer === 'stream: OK') return null;
  const found = /^stream: (.+) FOUND$/.exec(answer);
  if (found) return found[1].replace(/[^\w.:/+-]/g, '_').slice(0, MAX_SIGNATURE_CHARS);
  if (/size limit exceeded/i.test(answer)) throw new ScanTooLargeError(answer);
  throw new ScannerUnavailableError(`clamd answered "${answer.slice(0, 200)}"`);
}
