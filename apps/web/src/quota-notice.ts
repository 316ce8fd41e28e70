import type { TenantQuotaDetail } from '@chat/contracts';
import { ChatApiError } from '@chat/sdk';
import { speaksServerLanguage, t } from './i18n/active-locale';

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
  // The server's words name the quota and its use, but only in English.
  const text = speaksServerLanguage() ? error.message : undefined;
  const problem = (speaksServerLanguage() ? detail.problem : undefined) ?? t('quota.limit', { limit: detail.limit ?? '?' });
  return { text: t('quota.notice', { text: text ?? t('quota.reached'), problem }), upgradeUrl };
}

/** Tells the banner, wherever the refusal was met, when it was over a tenant quota. */
export function announceQuota(err: unknown): void {
  const notice = err instanceof ChatApiError ? quotaNoticeOf(err.body) : null;
  if (notice) window.dispatchEvent(new CustomEvent<QuotaNotice>(EVENT, { detail: notice }));
}

export function onQuotaNotice(listener: (notice: QuotaNotice) => void): void {
  window.addEventListener(EVENT, (e) => listener((e as CustomEvent<QuotaNotice>).detail));
}
