/**
 * The rule of a login challenge (seed 003 R11.6), shared by the server that checks solutions and
 * the clients that find them: SHA-256 of `challengeInput(token, nonce)` as UTF-8 must start with
 * the challenge's `bits` zero bits.
 */
export const challengeInput = (token: string, nonce: string) => `${token}:${nonce}`;

/** The longest nonce a solution may carry (counting in decimal, 64 characters is never reached). */
export const CHALLENGE_NONCE_MAX_LENGTH = 64;

/** How many zero bits `digest` starts with. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte !== 0) return bits + Math.clz32(byte) - 24;
    bits += 8;
  }
  return bits;
}
