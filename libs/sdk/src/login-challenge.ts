import type { LoginChallenge, LoginChallengeSolution } from '@chat/contracts';
import { challengeInput, leadingZeroBits } from '@chat/domain';

/** Digests between two yields to the event loop, so a page stays responsive while it solves. */
const BATCH = 2_000;

/**
 * Finds the nonce a login challenge asks for (seed 003 R11.6) with WebCrypto's SHA-256 (browsers,
 * or Node's globalThis.crypto): about 2^bits digests on average, a second or so at the server's
 * default in a browser.
 */
export async function solveLoginChallenge(challenge: LoginChallenge): Promise<LoginChallengeSolution> {
  const encoder = new TextEncoder();
  for (let nonce = 0; ; nonce++) {
    const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(challengeInput(challenge.token, String(nonce)))));
    if (leadingZeroBits(digest) >= challenge.bits) return { token: challenge.token, nonce: String(nonce) };
    if (nonce % BATCH === BATCH - 1) await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
