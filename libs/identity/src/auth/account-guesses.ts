import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { ErrorCode } from '@chat/contracts';
import { AuditLogRepository } from '@chat/audit';
import { APP_CONFIG, currentRequestId, RATE_LIMITER, RetryLaterError, type AppConfig, type RateLimiter, type RateRule } from '@chat/platform';

/** What is being guessed: a password (counted per username, known or not) or a two-step code (per account). */
export type GuessedSecret = 'password' | 'mfa';

/** Whose guesses: `subject` is the username key for passwords, the user id for codes. */
export interface GuessTarget {
  tenantId: string;
  secret: GuessedSecret;
  subject: string;
  /** The account, when there is one (recorded in the audit entry of a lock, never answered). */
  userId?: string | null;
  /** The username tried, for the audit entry. */
  username?: string;
}

/**
 * Per-account guessing limits (seed 003 req. 11.6), beside the per-address AuthRateLimitGuard:
 * failures fill a bucket of LOGIN_FAILURES_MAX that drains at that many per
 * LOGIN_FAILURE_WINDOW_SECONDS; the failure that empties it locks the account for a whole window,
 * during which every attempt, the right password or code included, is 429 RATE_LIMITED with
 * Retry-After. A success clears the failures. Both buckets live behind RATE_LIMITER, so every node
 * of a distributed deployment sees one count (Redis), and a username nobody has is counted and
 * locked the same way, so the answers never tell whether an account exists.
 */
@Injectable()
export class AccountGuesses {
  private readonly logger = new Logger(AccountGuesses.name);

  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auditLog: AuditLogRepository,
  ) {}

  /** Refuses while the target is locked; call before checking the secret. */
  async admit(target: GuessTarget): Promise<void> {
    const rule = this.lockRule();
    const tokens = await this.limiter.peek(lockKey(target), rule);
    if (tokens < 1) throw locked(Math.max(1, Math.ceil((1 - tokens) / rule.ratePerSecond)));
  }

  /** Counts a wrong guess; the one that uses up the allowance locks the target for a window. */
  async failed(target: GuessTarget): Promise<void> {
    const rule = this.failureRule();
    const spent = await this.limiter.consume(failureKey(target), rule);
    if (spent.allowed && (await this.limiter.peek(failureKey(target), rule)) >= 1) return;
    // Only the node whose consume takes the lock's one token reports it: one warning and one entry per lock.
    if (!(await this.limiter.consume(lockKey(target), this.lockRule())).allowed) return;
    const { loginFailuresMax: failures, loginFailureWindowSeconds: seconds } = this.config.auth;
    this.logger.warn({ event: 'account.locked', tenantId: target.tenantId, userId: target.userId ?? null, secret: target.secret, failures, seconds }, 'Too many failed attempts: account locked for a window');
    await this.auditLog.record([
      {
        id: uuidv7(),
        tenantId: target.tenantId,
        occurredAt: new Date(),
        action: 'auth.account-locked',
        outcome: 'success',
        actorId: target.userId ?? null,
        conversationId: null,
        messageId: null,
        requestId: currentRequestId(),
        details: { secret: target.secret, failures, lockedForSeconds: seconds, ...(target.username !== undefined ? { username: target.username } : {}) },
      },
    ]);
  }

  /** A right guess clears the failures counted so far. */
  async succeeded(target: GuessTarget): Promise<void> {
    await this.limiter.reset(failureKey(target));
  }

  private failureRule(): RateRule {
    const { loginFailuresMax, loginFailureWindowSeconds } = this.config.auth;
    return { burst: loginFailuresMax, ratePerSecond: loginFailuresMax / loginFailureWindowSeconds };
  }

  /** One token that takes the whole window to come back: the lock. */
  private lockRule(): RateRule {
    return { burst: 1, ratePerSecond: 1 / this.config.auth.loginFailureWindowSeconds };
  }
}

/** The subject by its hash: a username tried can be any length, a key should not be. */
const subjectOf = (t: GuessTarget) => createHash('sha256').update(`${t.tenantId}:${t.subject}`).digest('base64url');
const failureKey = (t: GuessTarget) => `guess-failures:${t.secret}:${subjectOf(t)}`;
const lockKey = (t: GuessTarget) => `guess-lock:${t.secret}:${subjectOf(t)}`;

function locked(retryAfterSeconds: number): RetryLaterError {
  return new RetryLaterError(ErrorCode.RATE_LIMITED, 'Too many failed attempts for this account', retryAfterSeconds);
}
