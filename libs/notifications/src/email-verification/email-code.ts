import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Digits of a verification code. With EMAIL_CODE_MAX_ATTEMPTS tries per code and
 * NOTIFICATION_EMAIL_CODES_PER_HOUR codes (5 and 5 by default), a guesser hits about 25 in 10^8
 * an hour, and every code they burn mails the address's owner.
 */
export const EMAIL_CODE_DIGITS = 8;

/** Wrong tries that void a code: past them even the right code is refused until a new one is sent. */
export const EMAIL_CODE_MAX_ATTEMPTS = 5;

/** A code as a person may type it back: its digits, spaces anywhere. */
export const EMAIL_CODE_PATTERN = new RegExp(`^\\s*(?:\\d\\s*){${EMAIL_CODE_DIGITS}}$`);

export function newEmailCode(): string {
  return String(randomInt(10 ** EMAIL_CODE_DIGITS)).padStart(EMAIL_CODE_DIGITS, '0');
}

/** What is stored instead of the code: keyed by the user, so the same code of two users hashes apart. */
export function emailCodeHash(userId: string, code: string): string {
  return createHash('sha256').update(`${userId}:${code.replace(/\s+/g, '')}`).digest('hex');
}

export function emailCodeMatches(userId: string, code: string, storedHash: string): boolean {
  return timingSafeEqual(Buffer.from(emailCodeHash(userId, code), 'hex'), Buffer.from(storedHash, 'hex'));
}

/**
 * Whether two spellings name one mailbox: the domain is case-insensitive (DNS), the local part may
 * not be (RFC 5321), so it is compared exactly. Changing to another mailbox needs a new verification.
 */
export function sameMailbox(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const at = (address: string) => address.lastIndexOf('@');
  return a.slice(0, at(a)) === b.slice(0, at(b)) && a.slice(at(a)).toLowerCase() === b.slice(at(b)).toLowerCase();
}
