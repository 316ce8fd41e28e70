/**
 * A fake API call for unit specs that the spec answers itself, one request at a time in the order
 * asked, so it decides when each settles and with what. Never bundled (nothing main.ts reaches imports this file).
 */
export class HeldAnswers<T> {
  /** What each request was for (e.g. its conversation id), in the order asked. */
  readonly asked: string[] = [];
  private readonly waiting: ((answer: T | Error) => void)[] = [];

  ask = (key: string): Promise<T> => {
    this.asked.push(key);
    return new Promise((resolve, reject) => this.waiting.push((a) => (a instanceof Error ? reject(a) : resolve(a))));
  };

  /** Settles the oldest request (an Error rejects it), then lets what awaited it run. */
  async answer(answer: T | Error): Promise<void> {
    this.waiting.shift()!(answer);
    await new Promise((r) => setTimeout(r, 0));
  }
}
