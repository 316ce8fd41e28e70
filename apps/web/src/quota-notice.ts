import type { TenantQuotaDetail } from '@chat/contracts';
import { ChatApiError } from '@chat/sdk';

/** What the banner shows when the organisation hit one of its quotas: the server's words and where to upgrade. */
export interface QuotaNotice {
  text: string;
  upgradeUrl: string | null;
}

const EVENT = 'chat:tenant-quota';

/** The notice for a refusal over a tenant quota (a send, an upload, a handshake), or null for any other error. */
export function quotaNoticeOf(error: { code?: string; message?: string; details?: unknown } | undefined): QuotaNotice | null {
  const detail = Array.isArray(error?.details) ? (error.details[0] as Partial<TenantQuotaDetail> | undefined) : undefined;
  if (!error || !detail?.quota || (error.code !== 'TENANT_QUOTA_EXCEEDED' && error.code !== 'INSUFFICIENT_STORAGE')) return null;
  const upgradeUrl = typeof detail.upgradeUrl === 'string' && /^https?:\/\//.test(detail.upgradeUrl) ? detail.upgradeUrl : null;
  return { text: `${error.message ?? 'Your organisation reached a limit of its plan'} (${detail.problem ?? `limit ${detail.limit}`}).`, upgradeUrl };
}

/** Tells the banner, wherever the refusal was met, when it was over a tenant quota. */
export function announceQuota(err: unknown): void {
  const notice = err instanceof ChatApiError ? quotaNoticeOf(err.body) : null;
  if (notice) window.dispatchEvent(new CustomEvent<QuotaNotice>(EVENT, { detail: notice }));
}

export function onQuotaNotice(listener: (notice: QuotaNotice) => void): void {
  window.addEventListener(EVENT, (e) => listener((e as CustomEvent<QuotaNotice>).detail));
}
