import { h } from './dom';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

/**
 * Saves what a GET of `path` answers as a file. The request carries the access token, so it
 * cannot be a plain link; the file is named `name`, else as the server says (Content-Disposition).
 */
export async function saveAuthorizedDownload(api: SessionApi, path: string, name?: string): Promise<void> {
  await api.me(); // renews the access token first if it is about to expire
  const res = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${api.accessToken}` } });
  if (!res.ok) throw new Error(t('download.failed', { status: res.status }));
  const url = URL.createObjectURL(await res.blob());
  h('a', { href: url, download: name ?? /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'download' }).click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
