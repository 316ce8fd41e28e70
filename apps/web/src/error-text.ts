import { ChatApiError } from '@chat/sdk';

/**
 * Plain words for any failure the user should see: the server's own message and hint when the
 * error came from the API (they are written for people), otherwise what most likely happened.
 */
export function errorText(err: unknown): string {
  if (err instanceof ChatApiError) {
    // The message already lists field problems (VALIDATION_FAILED), so details are not repeated.
    const { message, hint, retryAfterSeconds } = err.body;
    const parts = [sentence(message)];
    if (hint) parts.push(sentence(hint));
    if (retryAfterSeconds) parts.push(`Try again in ${retryAfterSeconds} s.`);
    return parts.join(' ');
  }
  if (err instanceof TypeError) return 'Cannot reach the server. Check your connection and try again.';
  if (err instanceof Error && /timed out/i.test(err.message)) return 'The server did not answer in time. Try again.';
  return 'Something went wrong. Try again.';
}

/** Whether trying the same thing again later may work (network trouble, overload), unlike a refusal. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof ChatApiError)) return true;
  return err.status === 0 ? ['RATE_LIMITED', 'TENANT_QUOTA_EXCEEDED', 'SERVICE_UNAVAILABLE', 'INTERNAL'].includes(err.code) : err.status === 429 || err.status >= 500;
}

/** How long the server asked us to wait before trying again (RATE_LIMITED, SERVICE_UNAVAILABLE), or 0. */
export function retryAfterMs(err: unknown): number {
  return err instanceof ChatApiError ? (err.body.retryAfterSeconds ?? 0) * 1000 : 0;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
