import type { LoginChallenge, LoginChallengeSolution } from '@chat/contracts';
import { challengeInput, leadingZeroBits } from '@chat/domain';

/** Digests between two yields to the event loop, so a page stays responsive while it solves. */
const BATCH = 2_000;

/** The hardest challenge worth trying: beyond it a browser would work for minutes, past any token's life. */
const MAX_BITS = 24;

/**
 * Finds the nonce a login challenge asks for (seed 003 R11.6) with WebCrypto's SHA-256 (browsers,
 * or Node's globalThis.crypto): about 2^bits digests on average, a second or so at the server's
 * default in a browser. Gives up (rejects) on a challenge harder than MAX_BITS, or once its token
 * has expired, as the server would refuse the solution then anyway.
 */
export async function solveLoginChallenge(challenge: LoginChallenge): Promise<LoginChallengeSolution> {
  if (!(challenge.bits >= 0 && challenge.bits <= MAX_BITS)) throw new Error(`A login challenge of ${challenge.bits} bits is beyond what this client solves (${MAX_BITS})`);
  const encoder = new TextEncoder();
  const expiresAt = Date.parse(challenge.expiresAt);
  for (let nonce = 0; ; nonce++) {
    if (nonce % BATCH === 0 && Date.now() >= expiresAt) throw new Error('The login challenge expired before it was solved: log in again for a new one');
    const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(challengeInput(challenge.token, String(nonce)))));
    if (leadingZeroBits(digest) >= challenge.bits) return { token: challenge.token, nonce: String(nonce) };
    if (nonce % BATCH === BATCH - 1) await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
