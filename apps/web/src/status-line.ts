import { errorText } from './error-text';

/** A dialog's one message line: an error, or what just happened; hidden when there is nothing to say. */
export class StatusLine {
  constructor(private readonly line: HTMLElement) {}

  say(text: string): void {
    this.line.textContent = text;
    this.line.hidden = !text;
  }

  /** Runs one action, saying what went wrong in the dialog instead of a toast behind it. */
  async run(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (err) {
      this.say(errorText(err));
    }
  }
}
