import { byId } from './dom';
import { errorText } from './error-text';

/**
 * What a dialog holding one form does the same way each time: its close buttons (`data-close`),
 * its submit (never a page load), its error line (`.form-error`, hidden while empty), and one
 * submission at a time, whose failure is said in that line in the contract's words.
 */
export class FormDialog {
  readonly dialog: HTMLDialogElement;
  private readonly error: HTMLElement;
  private busy = false;

  constructor(dialogId: string, formId: string, submit: () => Promise<void>) {
    this.dialog = byId<HTMLDialogElement>(dialogId);
    const form = byId<HTMLFormElement>(formId);
    this.error = form.querySelector<HTMLElement>('.form-error')!;
    this.dialog.querySelectorAll('[data-close]').forEach((close) => close.addEventListener('click', () => this.dialog.close()));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void submit();
    });
  }

  /** Opens the dialog with no error showing and `focus` focused. */
  open(focus: HTMLElement): void {
    this.showError('');
    this.dialog.showModal();
    focus.focus();
  }

  showError(text: string): void {
    this.error.textContent = text;
    this.error.hidden = !text;
  }

  /** Runs `work` unless a submission is still running; the error line is cleared first and shows a failure. */
  async submitting(work: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.showError('');
    try {
      await work();
    } catch (err) {
      this.showError(errorText(err));
    } finally {
      this.busy = false;
    }
  }
}
