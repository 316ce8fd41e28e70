/**
 * Whether a message body is an E2EE ciphertext envelope (`{"v":1,"keyVersion":n,"iv":…,"ct":…}`,
 * contracts/e2ee.ts). For places that show a body without opening it, such as the sidebar's
 * preview: a conversation entry does not always say it is encrypted, and ciphertext must never
 * be shown as if it were text.
 */
export function isSealedBody(body: string): boolean {
  if (!body.startsWith('{')) return false;
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    return parsed.v === 1 && Number.isInteger(parsed.keyVersion) && typeof parsed.iv === 'string' && typeof parsed.ct === 'string';
  } catch {
    return false;
  }
}
