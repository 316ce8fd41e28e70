import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { ErrorCode, type AuditAction } from '@chat/contracts';
import { AuditLogRepository } from '@chat/audit';
import { APP_CONFIG, clientNetwork, currentRequestId, RATE_LIMITER, RetryLaterError, type AppConfig, type RateLimiter, type RateRule } from '@chat/platform';
import { LoginSessionsRepository } from './login-sessions.repository';

/** What is being guessed: a password (counted per username, known or not) or a two-step code (per account). */
export type GuessedSecret = 'password' | 'mfa';

/** Whose guesses: `subject` is the username key for passwords, the user id for codes. */
export interface GuessTarget {
  tenantId: string;
  secret: GuessedSecret;
  subject: string;
  /** The client address a password is tried from (null when the request has none). */
  address?: string | null;
  /** The account, when there is one (recorded in the audit entry of a lock, never answered). */
  userId?: string | null;
  /** The username tried, for the audit entry. */
  username?: string;
}

/**
 * One count of wrong guesses and the lock its overflow sets. `key` names whose guesses it counts;
 * `strangersOnly` spares addresses the account has logged in from; `clearedBySuccess` says whether
 * a right guess proves the failures counted were the guesser's own.
 */
interface GuessCount {
  lock: 'address' | 'account';
  key: string;
  failuresMax: number;
  strangersOnly: boolean;
  clearedBySuccess: boolean;
}

/**
 * Guessing limits per account (seed 003 req. 11.6), beside the per-address AuthRateLimitGuard.
 * Each count is a bucket of failures that drains at its max per LOGIN_FAILURE_WINDOW_SECONDS; the
 * failure that empties it locks for a whole window, during which every attempt it covers, the
 * right password or code included, is 429 RATE_LIMITED with Retry-After.
 *
 * - Passwords count per username and address (LOGIN_FAILURES_MAX; an IPv6 address by its /64,
 *   clientNetwork): one guesser locks only themselves out. They also count per username from
 *   everywhere (LOGIN_ACCOUNT_FAILURES_MAX), which stops guesses spread over many addresses; that
 *   lock refuses only addresses (networks) the account never logged in from, so strangers cannot
 *   lock its owner out. A right password clears the address's count, not the strangers'.
 * - Two-step codes count per account (LOGIN_FAILURES_MAX): whoever guesses them holds the password
 *   already, so the lock holds everyone out, and a right code clears it.
 *
 * The buckets live behind RATE_LIMITER, so every node of a distributed deployment sees one count
 * (Redis), and a username nobody has is counted and locked the same way, so the answers never tell
 * whether an account exists.
 */
@Injectable()
export class AccountGuesses {
  private readonly logger = new Logger(AccountGuesses.name);

  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auditLog: AuditLogRepository,
    private readonly sessions: LoginSessionsRepository,
  ) {}

  /** Refuses while a lock covers the target; call before checking the secret. */
  async admit(target: GuessTarget): Promise<void> {
    const rule = this.lockRule();
    for (const count of this.countsOf(target)) {
      const tokens = await this.limiter.peek(lockKey(count), rule);
      if (tokens >= 1 || (count.strangersOnly && (await this.knownAddress(target)))) continue;
      throw locked(Math.max(1, Math.ceil((1 - tokens) / rule.ratePerSecond)));
    }
  }

  /**
   * Whether a password guess must first solve a login challenge (LoginChallenges): once its address
   * has LOGIN_CHALLENGE_AFTER_FAILURES failures for the username, or the username has that many from
   * everywhere and the address is one the account never logged in from.
   */
  async challengeDue(target: GuessTarget): Promise<boolean> {
    const after = this.config.auth.loginChallengeAfterFailures;
    if (after === 0 || target.secret !== 'password') return false;
    for (const count of this.countsOf(target)) {
      const rule = this.failureRule(count);
      // A failure counts until the bucket has drained all of it (it refills a little with every second).
      const failures = Math.ceil(rule.burst - (await this.limiter.peek(failureKey(count), rule)));
      if (failures >= after && !(count.strangersOnly && (await this.knownAddress(target)))) return true;
    }
    return false;
  }

  /** Counts a wrong guess; the one that uses up a count's allowance sets its lock for a window. */
  async failed(target: GuessTarget): Promise<void> {
    for (const count of this.countsOf(target)) {
      const rule = this.failureRule(count);
      const spent = await this.limiter.consume(failureKey(count), rule);
      if (spent.allowed && (await this.limiter.peek(failureKey(count), rule)) >= 1) continue;
      // Only the node whose consume takes the lock's one token reports it: one warning and one entry per lock.
      if ((await this.limiter.consume(lockKey(count), this.lockRule())).allowed) await this.report(target, count);
    }
  }

  /** A right guess clears the failures it shows were the guesser's own. */
  async succeeded(target: GuessTarget): Promise<void> {
    for (const count of this.countsOf(target)) if (count.clearedBySuccess) await this.limiter.reset(failureKey(count));
  }

  private countsOf(target: GuessTarget): GuessCount[] {
    const subject = subjectOf(target);
    const { loginFailuresMax, loginAccountFailuresMax } = this.config.auth;
    if (target.secret === 'mfa') return [{ lock: 'account', key: `mfa:${subject}`, failuresMax: loginFailuresMax, strangersOnly: false, clearedBySuccess: true }];
    return [
      { lock: 'address', key: `password:${subject}:${target.address ? clientNetwork(target.address) : '-'}`, failuresMax: loginFailuresMax, strangersOnly: false, clearedBySuccess: true },
      { lock: 'account', key: `password:${subject}`, failuresMax: loginAccountFailuresMax, strangersOnly: true, clearedBySuccess: false },
    ];
  }

  /** Whether the account has a login on record from the target's network (its address, or its IPv6 /64). */
  private async knownAddress(target: GuessTarget): Promise<boolean> {
    if (!target.address) return false;
    const network = clientNetwork(target.address);
    return (await this.sessions.addressesOf(target.tenantId, target.subject)).some((address) => clientNetwork(address) === network);
  }

  private async report(target: GuessTarget, count: GuessCount): Promise<void> {
    const seconds = this.config.auth.loginFailureWindowSeconds;
    const failures = count.failuresMax;
    const { action, message } = LOCK_REPORTS[count.lock];
    const address = count.lock === 'address' ? { address: target.address ?? null } : {};
    this.logger.warn({ event: `${count.lock}.locked`, tenantId: target.tenantId, userId: target.userId ?? null, secret: target.secret, failures, seconds, ...address }, message);
    await this.auditLog.record([
      {
        id: uuidv7(),
        tenantId: target.tenantId,
        occurredAt: new Date(),
        action,
        outcome: 'success',
        actorId: target.userId ?? null,
        conversationId: null,
        messageId: null,
        requestId: currentRequestId(),
        details: { secret: target.secret, failures, lockedForSeconds: seconds, ...(target.username !== undefined ? { username: target.username } : {}), ...address },
      },
    ]);
  }

  private failureRule(count: GuessCount): RateRule {
    return { burst: count.failuresMax, ratePerSecond: count.failuresMax / this.config.auth.loginFailureWindowSeconds };
  }

  /** One token that takes the whole window to come back: the lock. */
  private lockRule(): RateRule {
    return { burst: 1, ratePerSecond: 1 / this.config.auth.loginFailureWindowSeconds };
  }
}

/** How each lock is told: its audit action and its log line. */
const LOCK_REPORTS: Record<GuessCount['lock'], { action: AuditAction; message: string }> = {
  address: { action: 'auth.address-locked', message: 'Too many failed attempts from one address: it is refused this account for a window' },
  account: { action: 'auth.account-locked', message: 'Too many failed attempts: account locked for a window' },
};

/** The subject by its hash: a username tried can be any length, a key should not be. */
const subjectOf = (t: GuessTarget) => createHash('sha256').update(`${t.tenantId}:${t.subject}`).digest('base64url');
const failureKey = (c: GuessCount) => `guess-failures:${c.key}`;
const lockKey = (c: GuessCount) => `guess-lock:${c.key}`;

function locked(retryAfterSeconds: number): RetryLaterError {
  return new RetryLaterError(ErrorCode.RATE_LIMITED, 'Too many failed attempts for this account', retryAfterSeconds);
}
