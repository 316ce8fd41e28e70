import { readFileSync } from 'node:fs';
import type { EnvReader } from './env-reader';

/**
 * The content policy on message bodies (@chat/messaging `content-policy/`, seed 000 FR-005): terms
 * a body may not contain, and an outside moderation service asked about every body. Both off by
 * default: a server says nothing about content until its operator decides what to refuse.
 */
export interface ContentPolicyConfig {
  /** CONTENT_BLOCKED_TERMS (comma-separated) and the lines of CONTENT_BLOCKED_TERMS_FILE (`#` starts a comment): words and phrases a body may not contain. */
  blockedTerms: string[];
  /** CONTENT_MODERATION_URL: a service POSTed every plaintext body before it is stored; null = none. */
  moderationUrl: string | null;
  /** CONTENT_MODERATION_TIMEOUT_MS: how long a send waits for the service's verdict. */
  moderationTimeoutMs: number;
  /** CONTENT_MODERATION_FAIL_OPEN: a service that does not answer in time (or answers nonsense) lets the message through (true) or refuses it (false). */
  moderationFailOpen: boolean;
}

export function readContentPolicy(r: EnvReader): ContentPolicyConfig {
  return {
    blockedTerms: [...r.list('CONTENT_BLOCKED_TERMS', /\S/, 'comma-separated words or phrases'), ...termsFromFile(r)],
    moderationUrl: r.url('CONTENT_MODERATION_URL', null),
    moderationTimeoutMs: r.int('CONTENT_MODERATION_TIMEOUT_MS', 2_000, 50, 60_000),
    moderationFailOpen: r.bool('CONTENT_MODERATION_FAIL_OPEN', true),
  };
}

function termsFromFile(r: EnvReader): string[] {
  const file = r.string('CONTENT_BLOCKED_TERMS_FILE', null);
  if (file === null) return [];
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim())
      .filter(Boolean);
  } catch (err) {
    r.problems.push(`CONTENT_BLOCKED_TERMS_FILE must name a readable file (${file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    return [];
  }
}
