import { SSO_CODE_PARAM, SSO_ERROR_PARAM, type AuthResponse } from '@chat/contracts';
import { ChatApi } from '@chat/sdk';
import { byId } from './dom';
import { errorText } from './error-text';
import { loginWithDeviceKey } from './login-device-key';
import { OrganizationField } from './organization-field';
import { t } from './i18n/active-locale';
import { isMessageKey } from './i18n/catalogs';

type Mode = 'login' | 'register' | 'guest' | 'organization';

/** What a person is told for each error code the SSO callback can send back (`sso_error`). */
function ssoErrorText(code: string): string {
  const key = `sso.${code}`;
  return isMessageKey(key) ? t(key) : t('login.ssoFailed', { code });
}

/**
 * The login screen: log in, register, continue as a guest, or (where anyone may) create an
 * organization; on a server hosting several organizations, into the one named above the tabs.
 * It only authenticates; what happens with the tokens is the caller's business (`onAuthenticated`).
 */
export class LoginView {
  private readonly screen = byId('login-screen');
  private readonly tabs = Array.from(this.screen.querySelectorAll<HTMLButtonElement>('[role="tab"]'));
  private readonly api = new ChatApi({ baseUrl: location.origin });
  private readonly organization = new OrganizationField();
  private ssoStartPath: string | null = null;

  constructor(private readonly onAuthenticated: (auth: AuthResponse) => void) {
    this.organization.onChange(() => this.pointSsoButton());
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
    void this.offerOrganizations().then(() => this.offerSso());
  }

  /** On a server hosting several organizations: the field naming one, and the tab creating one where anyone may. */
  private async offerOrganizations(): Promise<void> {
    try {
      const { selfService } = await this.organization.load(this.api);
      byId('tab-organization').hidden = !selfService;
    } catch {
      // The server is unreachable: the forms say so when used.
    }
  }

  /**
   * Back from the identity provider: the callback left a one-time code (exchanged here for the
   * usual tokens) or an error code in the URL; both are taken out of it at once. False when the
   * URL carries neither.
   */
  async finishSso(): Promise<boolean> {
    const url = new URL(location.href);
    const code = url.searchParams.get(SSO_CODE_PARAM);
    const error = url.searchParams.get(SSO_ERROR_PARAM);
    if (!code && !error) return false;
    url.searchParams.delete(SSO_CODE_PARAM);
    url.searchParams.delete(SSO_ERROR_PARAM);
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
    if (error) {
      this.show();
      this.showSsoError(ssoErrorText(error));
      return true;
    }
    try {
      this.onAuthenticated(await loginWithDeviceKey((deviceKey) => new ChatApi({ baseUrl: location.origin, deviceKey }).exchangeSsoCode(code!)));
    } catch (err) {
      this.show();
      this.showSsoError(errorText(err));
    }
    return true;
  }

  private async offerSso(): Promise<void> {
    const panel = byId('sso-panel');
    try {
      const sso = await this.api.ssoInfo();
      if (!sso.enabled || !sso.startPath) return;
      byId('sso-button').textContent = t('login.withProvider', { provider: sso.displayName ?? 'SSO' });
      this.ssoStartPath = sso.startPath;
      this.pointSsoButton();
      panel.hidden = false;
    } catch {
      // No SSO offered (or the server is unreachable): the password forms still work.
    }
  }

  /** The SSO button leads to the organization named (if any), and back here. */
  private pointSsoButton(): void {
    if (!this.ssoStartPath) return;
    const tenant = this.organization.slug;
    const query = new URLSearchParams({ ...(tenant ? { tenant } : {}), returnTo: `${location.pathname}${location.search}` });
    byId<HTMLAnchorElement>('sso-button').href = `${this.ssoStartPath}?${query}`;
  }

  private showSsoError(text: string): void {
    byId('sso-panel').hidden = false;
    const slot = byId('sso-error');
    slot.textContent = text;
    slot.hidden = !text;
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
      const password = String(data.get('password') ?? '');
      const mode = form.dataset.mode as Mode;
      const auth = await loginWithDeviceKey(async (deviceKey) => {
        const api = this.organization.api(deviceKey);
        if (mode === 'organization') {
          const admin = { username: field('username'), displayName: field('displayName'), password, deviceKey: deviceKey?.publicJwk };
          const created = await api.createTenant({ slug: field('slug'), name: field('name'), admin });
          this.organization.remember(created.tenant.slug);
          return created.auth;
        }
        const loggedIn =
          mode === 'login'
            ? await api.login(field('username'), password)
            : mode === 'register'
              ? await api.register(field('username'), field('displayName'), password)
              : await api.guest(field('username'), field('displayName') || undefined);
        this.organization.remember(this.organization.slug);
        return loggedIn;
      });
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
    const shown = this.tabs.filter((t) => !t.hidden);
    const i = shown.indexOf(tab);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: shown.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = shown[(next + shown.length) % shown.length];
    this.select(target);
    target.focus();
  }

  private activePanel(): HTMLElement {
    const tab = this.tabs.find((t) => t.getAttribute('aria-selected') === 'true') ?? this.tabs[0];
    return byId(tab.getAttribute('aria-controls')!);
  }
}
