import type { AuthResponse } from '@chat/contracts';
import { ChatApi } from '@chat/sdk';
import { byId } from './dom';
import { errorText } from './error-text';

type Mode = 'login' | 'register' | 'guest';

/**
 * The login screen: log in, register or continue as a guest. It only authenticates; what
 * happens with the tokens is the caller's business (`onAuthenticated`).
 */
export class LoginView {
  private readonly screen = byId('login-screen');
  private readonly tabs = Array.from(this.screen.querySelectorAll<HTMLButtonElement>('[role="tab"]'));
  private readonly api = new ChatApi({ baseUrl: location.origin });

  constructor(private readonly onAuthenticated: (auth: AuthResponse) => void) {
    for (const tab of this.tabs) {
      tab.addEventListener('click', () => this.select(tab));
      tab.addEventListener('keydown', (e) => this.onTabKey(e, tab));
    }
    for (const form of Array.from(this.screen.querySelectorAll<HTMLFormElement>('form[data-mode]'))) {
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        void this.submit(form);
      });
    }
  }

  show(): void {
    this.screen.hidden = false;
    this.activePanel().querySelector<HTMLInputElement>('input')?.focus();
  }

  hide(): void {
    this.screen.hidden = true;
  }

  private async submit(form: HTMLFormElement): Promise<void> {
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    const data = new FormData(form);
    const field = (name: string) => String(data.get(name) ?? '').trim();
    this.showError(form, '');
    button.disabled = true;
    try {
      const mode = form.dataset.mode as Mode;
      const auth =
        mode === 'login'
          ? await this.api.login(field('username'), String(data.get('password') ?? ''))
          : mode === 'register'
            ? await this.api.register(field('username'), field('displayName'), String(data.get('password') ?? ''))
            : await this.api.guest(field('username'), field('displayName') || undefined);
      this.onAuthenticated(auth);
    } catch (err) {
      this.showError(form, errorText(err));
    } finally {
      button.disabled = false;
    }
  }

  private showError(form: HTMLElement, text: string): void {
    const slot = form.querySelector<HTMLElement>('.form-error')!;
    slot.textContent = text;
    slot.hidden = !text;
  }

  private select(tab: HTMLButtonElement): void {
    for (const t of this.tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      byId(t.getAttribute('aria-controls')!).hidden = !selected;
    }
  }

  /** The WAI-ARIA tabs pattern: arrows, Home and End move between tabs and select them. */
  private onTabKey(event: KeyboardEvent, tab: HTMLButtonElement): void {
    const i = this.tabs.indexOf(tab);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: this.tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = this.tabs[(next + this.tabs.length) % this.tabs.length];
    this.select(target);
    target.focus();
  }

  private activePanel(): HTMLFormElement {
    const tab = this.tabs.find((t) => t.getAttribute('aria-selected') === 'true') ?? this.tabs[0];
    return byId<HTMLFormElement>(tab.getAttribute('aria-controls')!);
  }
}
