/** The bytes do not have the layout of the format they claim (a truncated or foreign file). */
export class MalformedImageError extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'MalformedImageError';
  }
}

const EMPTY = Buffer.alloc(0);

/**
 * Reads a stream of chunks by exact byte counts for the format parsers: it keeps only what it has
 * not handed out, so headers are buffered and payloads pass through chunk by chunk.
 */
export class ByteReader {
  private buffered: Buffer = EMPTY;
  private readonly chunks: AsyncIterator<Uint8Array>;
  private ended = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.chunks = source[Symbol.asyncIterator]();
  }

  /** Bytes held and not yet handed out. */
  get available(): Buffer {
    return this.buffered;
  }

  /** Buffers at least `n` bytes; false when the stream ends first. */
  async fill(n: number): Promise<boolean> {
    while (this.buffered.length < n && !this.ended) {
      const next = await this.chunks.next();
      if (next.done) this.ended = true;
      else {
        // A view, not a copy: chunks are fresh per read, and payloads pass on as slices of them.
        const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
        this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
      }
    }
    return this.buffered.length >= n;
  }

  /** True once every byte was handed out and the stream has ended. */
  async atEnd(): Promise<boolean> {
    return !(await this.fill(1));
  }

  /** Exactly `n` bytes; a stream ending first is a malformed file. */
  async read(n: number, what: string): Promise<Buffer> {
    if (!(await this.fill(n))) throw new MalformedImageError(`the file ends inside ${what}`);
    return this.take(n);
  }

  /** The next `n` bytes as they arrive, without holding them all at once. */
  async *pass(n: number, what: string): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (!(await this.fill(1))) throw new MalformedImageError(`the file ends inside ${what}`);
      const part = this.take(Math.min(left, this.buffered.length));
      left -= part.length;
      yield part;
    }
  }

  /** Everything left in the stream, as it arrives. */
  async *rest(): AsyncGenerator<Buffer> {
    while (await this.fill(1)) yield this.take(this.buffered.length);
  }

  /** Drops the next `n` bytes. */
  async skip(n: number, what: string): Promise<void> {
    const parts = this.pass(n, what);
    while (!(await parts.next()).done);
  }

  /** Hands out the first `n` buffered bytes (the caller filled them). */
  take(n: number): Buffer {
    const head = this.buffered.subarray(0, n);
    this.buffered = this.buffered.subarray(n);
    return head;
  }

  /** Reads the rest of the stream and discards it, so the source is consumed to its end. */
  async drain(): Promise<void> {
    this.buffered = EMPTY;
    while (!this.ended) if ((await this.chunks.next()).done) this.ended = true;
  }
}
