import type { ContentPolicyConfig } from '@chat/platform';

/** What the service at CONTENT_MODERATION_URL is asked about one body. */
export interface ModerationRequest {
  tenantId: string;
  conversationId: string;
  senderId: string;
  /** Null for a new message; the edited message's id for an edit. */
  messageId: string | null;
  body: string;
}

/** The service's verdict; `unavailable` when it gave none in time (down, an error status, or not `{allowed: boolean}`). */
export type ModerationVerdict = { allowed: true } | { allowed: false; reason: string } | { unavailable: string };

/** The longest reason kept from the service: it reaches the sender's error and the audit log. */
const REASON_MAX_CHARS = 200;

/**
 * The outside moderation service (seed 000: "content moderation tooling ... called synchronously
 * ... before delivery"): `POST CONTENT_MODERATION_URL` with the request as JSON, answered `200
 * {allowed: boolean, reason?: string}` within CONTENT_MODERATION_TIMEOUT_MS.
 */
export async function askModerationService(config: ContentPolicyConfig, request: ModerationRequest): Promise<ModerationVerdict> {
  let answer: Response;
  try {
    answer = await fetch(config.moderationUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(config.moderationTimeoutMs),
    });
  } catch (err) {
    return { unavailable: (err as Error).name === 'TimeoutError' ? `no answer within ${config.moderationTimeoutMs} ms` : `unreachable (${(err as Error).message})` };
  }
  if (answer.status !== 200) return { unavailable: `HTTP ${answer.status}` };
  const verdict = (await answer.json().catch(() => null)) as { allowed?: unknown; reason?: unknown } | null;
  if (typeof verdict?.allowed !== 'boolean') return { unavailable: 'an answer without a boolean "allowed"' };
  if (verdict.allowed) return { allowed: true };
  const reason = typeof verdict.reason === 'string' && verdict.reason.trim() ? verdict.reason.trim().slice(0, REASON_MAX_CHARS) : 'the moderation service refused it';
  return { allowed: false, reason };
}
