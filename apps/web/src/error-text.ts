import { ErrorCode } from '@chat/contracts';
import { ChatApiError } from '@chat/sdk';
import { speaksServerLanguage, t } from './i18n/active-locale';
import { isMessageKey } from './i18n/catalogs';

/**
 * Plain words for any failure the user should see. From the API: in English the server's own
 * message and hint (written for people, and more precise: they name the field or the limit);
 * in another language the catalog's `errorCode.<CODE>` text, or the server's message for a code
 * the catalog does not have. Otherwise what most likely happened. A send naming an upload the
 * server no longer has (a file attached long before the message went: uploads no message carries
 * expire) says so and what to do in every language, not the field path the server names.
 */
export function errorText(err: unknown): string {
  if (err instanceof ChatApiError) {
    if (namesAnUpload(err)) return t('error.attachmentExpired');
    // The message already lists field problems (VALIDATION_FAILED), so details are not repeated.
    const { message, hint, retryAfterSeconds } = err.body;
    const translated = speaksServerLanguage() ? undefined : translatedText(err.code);
    const parts = translated ? [translated] : [sentence(message), ...(hint ? [sentence(hint)] : [])];
    if (retryAfterSeconds) parts.push(t('error.retryIn', { seconds: retryAfterSeconds }));
    return parts.join(' ');
  }
  if (err instanceof TypeError) return t('error.unreachable');
  if (err instanceof Error && /timed out/i.test(err.message)) return t('error.timeout');
  return t('error.unknown');
}

/** A 400 VALIDATION_FAILED about `attachments.N.id`: the upload is unknown or expired (libs/media README). */
function namesAnUpload({ code, body }: ChatApiError): boolean {
  return code === 'VALIDATION_FAILED' && (body.details ?? []).some((d) => 'field' in d && /^attachments\.\d+\.id$/.test(d.field));
}

function translatedText(code: string): string | undefined {
  const key = `errorCode.${code}`;
  return isMessageKey(key) ? t(key) : undefined;
}

/** Whether trying the same thing again later may work (network trouble, overload), unlike a refusal. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof ChatApiError)) return true;
  return err.status === 0 ? ['RATE_LIMITED', 'TENANT_QUOTA_EXCEEDED', 'SERVICE_UNAVAILABLE', 'STORAGE_UNAVAILABLE', 'INTERNAL'].includes(err.code) : err.status === 429 || err.status >= 500;
}

/**
 * The server says the conversation asked about is not mine: NOT_A_MEMBER (a public channel, which
 * outsiders may know of) or CONVERSATION_NOT_FOUND (anything else: deleted, or never visible to me).
 * Over REST (403, 404) or in a socket ack alike. Other refusals (FORBIDDEN: not allowed to do that
 * there) say nothing about my membership.
 */
export function isNotMine(err: unknown): boolean {
  return err instanceof ChatApiError && (err.code === ErrorCode.NOT_A_MEMBER || err.code === ErrorCode.CONVERSATION_NOT_FOUND);
}

/** How long the server asked us to wait before trying again (RATE_LIMITED, SERVICE_UNAVAILABLE, STORAGE_UNAVAILABLE), or 0. */
export function retryAfterMs(err: unknown): number {
  return err instanceof ChatApiError ? (err.body.retryAfterSeconds ?? 0) * 1000 : 0;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
