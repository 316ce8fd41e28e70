import { byId } from './dom';
import { errorText } from './error-text';

/**
 * What a dialog holding one form does the same way each time: its close buttons (`data-close`),
 * its submit (never a page load), its error line (`.form-error`, hidden while empty), and one
 * request at a time: a submission marks the submit button busy (`aria-disabled`) and says its
 * failure in the error line in the contract's words.
 */
export class FormDialog {
  readonly dialog: HTMLDialogElement;
  readonly form: HTMLFormElement;
  private readonly error: HTMLElement;
  private readonly submitButton: HTMLButtonElement;
  private busy = false;

  constructor(dialogId: string, formId: string, submit: () => Promise<void>) {
    this.dialog = byId<HTMLDialogElement>(dialogId);
    this.form = byId<HTMLFormElement>(formId);
    this.error = this.form.querySelector<HTMLElement>('.form-error')!;
    this.submitButton = this.form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    this.dialog.querySelectorAll('[data-close]').forEach((close) => close.addEventListener('click', () => this.close()));
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void submit();
    });
  }

  /** Opens the dialog with no error showing and `focus` focused (else what the browser focuses in a modal). */
  open(focus?: HTMLElement): void {
    this.showError('');
    this.dialog.showModal();
    focus?.focus();
  }

  close(): void {
    this.dialog.close();
  }

  showError(text: string): void {
    this.error.textContent = text;
    this.error.hidden = !text;
  }

  /**
   * Runs `work` unless another request of this dialog is still running; `work` says its own
   * failures. For what the dialog does besides its submission (e.g. a list's row buttons).
   */
  async exclusive(work: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await work();
    } finally {
      this.busy = false;
    }
  }

  /** The submission: `work` runs exclusively with the submit button busy; the error line is cleared first and shows a failure. */
  async submitting(work: () => Promise<void>): Promise<void> {
    await this.exclusive(async () => {
      this.submitButton.setAttribute('aria-disabled', 'true');
      this.showError('');
      try {
        await work();
      } catch (err) {
        this.showError(errorText(err));
      } finally {
        this.submitButton.removeAttribute('aria-disabled');
      }
    });
  }
}
