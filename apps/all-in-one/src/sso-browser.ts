import type { TestApp } from '@chat/testing';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A browser as far as redirects and cookies go (cookies by host, as browsers keep them, whatever the port). */
export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  async get(url: string): Promise<Response> {
    return this.send(url, { method: 'GET' });
  }

  async postForm(url: string, form: Record<string, string>): Promise<Response> {
    return this.send(url, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  setCookie(url: string, name: string, value: string): void {
    const host = new URL(url).hostname;
    this.jar.set(host, (this.jar.get(host) ?? new Map<string, string>()).set(name, value));
  }

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).hostname)?.get(name);
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    const host = new URL(url).hostname;
    const cookies = this.jar.get(host) ?? new Map<string, string>();
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      const expired = attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now()) || attributes.some((a) => /^\s*max-age=0\b/i.test(a));
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(host, cookies);
    return response;
  }
}

export interface SsoLoginOptions {
  tenant?: string;
  returnTo?: string;
  /** Between the start and the provider's login form (to let the started login expire). */
  delayMs?: number;
  /** The callback goes to this server instead (another process behind the same address). */
  callbackOn?: TestApp;
  /** Told the callback's URL and the browser's state cookie just before the browser goes there. */
  onCallback?: (url: string, stateCookie: string) => void;
}

/** Where the browser went first (our start route) and where it was sent in the end (the web app's URL, with sso_code or sso_error). */
export async function ssoLogin(app: TestApp, login: string, options: SsoLoginOptions = {}, browser = new Browser()): Promise<URL> {
  const query = new URLSearchParams({ ...(options.tenant ? { tenant: options.tenant } : {}), ...(options.returnTo ? { returnTo: options.returnTo } : {}) });
  const start = await browser.get(`${app.url}/v1/auth/sso/start?${query}`);
  if (start.status !== 302) throw new Error(`start answered ${start.status}: ${await start.text()}`);
  if (options.delayMs) await sleep(options.delayMs);
  let url = start.headers.get('location')!;
  for (let hop = 0; hop < 20; hop++) {
    if (new URL(url).pathname === '/v1/auth/sso/callback') {
      const callbackUrl = options.callbackOn ? url.replace(app.url, options.callbackOn.url) : url;
      options.onCallback?.(callbackUrl, browser.cookie(callbackUrl, 'chat_sso_state') ?? '');
      const landing = await browser.get(callbackUrl);
      expect(landing.status).toBe(302);
      return new URL(landing.headers.get('location')!, callbackUrl);
    }
    const response = await browser.get(url);
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location')!, url).toString();
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`unexpected page at the provider (${response.status}): ${html.slice(0, 500)}`);
    const submitted = await browser.postForm(new URL(action, url).toString(), prompt === 'login' ? { prompt, login, password: 'anything' } : { prompt });
    url = new URL(submitted.headers.get('location')!, url).toString();
  }
  throw new Error('too many redirects');
}

export function codeOf(landing: URL): string {
  const code = landing.searchParams.get('sso_code');
  if (!code) throw new Error(`no login code, landed at ${landing} (sso_error=${landing.searchParams.get('sso_error')})`);
  return code;
}
