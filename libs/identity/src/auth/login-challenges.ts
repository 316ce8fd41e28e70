import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { LoginChallenge, LoginChallengeSolution } from '@chat/contracts';
import { CHALLENGE_NONCE_MAX_LENGTH, challengeInput, leadingZeroBits } from '@chat/domain';
import { APP_CONFIG, ChallengeRequiredError, RATE_LIMITER, type AppConfig, type RateLimiter } from '@chat/platform';
import { keyFromJwtSecret, resolveJwtSecret } from './jwt-secret';

/**
 * Proof-of-work challenges for logins that look like guessing (seed 003 R11.6; when is
 * AccountGuesses.challengeDue). A token is `salt.bits.expiry.mac`, signed with a key derived from
 * the JWT secret, so any node checks any node's token without storing it; each is spent once,
 * through RATE_LIMITER (shared by every node), so one solution cannot carry a batch of guesses.
 */
@Injectable()
export class LoginChallenges {
  private readonly key: Buffer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {
    this.key = keyFromJwtSecret(resolveJwtSecret(config), 'login-challenge');
  }

  /** The refusal of a login that must solve a challenge first: 428 with a new one. */
  required(): ChallengeRequiredError {
    const { loginChallengeBits: bits, loginChallengeTtlSeconds: ttl } = this.config.auth;
    const expiresAt = Math.floor(Date.now() / 1000) + ttl;
    const signed = `${randomBytes(16).toString('base64url')}.${bits}.${expiresAt}`;
    const challenge: LoginChallenge = { token: `${signed}.${this.mac(signed)}`, algorithm: 'sha-256', bits, expiresAt: new Date(expiresAt * 1000).toISOString() };
    return new ChallengeRequiredError(challenge);
  }

  /** Whether `solution` solves a challenge this server issued, unexpired and not solved before (which it now is). */
  async passed(solution: LoginChallengeSolution | undefined): Promise<boolean> {
    if (!solution || typeof solution.token !== 'string' || typeof solution.nonce !== 'string' || solution.nonce.length > CHALLENGE_NONCE_MAX_LENGTH) return false;
    const [salt, bits, expiresAt, mac] = solution.token.split('.');
    const signed = `${salt}.${bits}.${expiresAt}`;
    if (!mac || !this.signedHere(signed, mac) || Number(expiresAt) * 1000 <= Date.now()) return false;
    if (leadingZeroBits(createHash('sha256').update(challengeInput(solution.token, solution.nonce)).digest()) < Number(bits)) return false;
    // One token, one login attempt. The spent mark outlives the token twice over, so a node whose clock lags cannot take it again.
    return (await this.limiter.consume(`login-challenge:${salt}`, { burst: 1, ratePerSecond: 1 / (2 * this.config.auth.loginChallengeTtlSeconds) })).allowed;
  }

  private mac(signed: string): string {
    return createHmac('sha256', this.key).update(signed).digest('base64url');
  }

  private signedHere(signed: string, mac: string): boolean {
    const expected = Buffer.from(this.mac(signed));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
