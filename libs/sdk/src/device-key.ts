import { deviceProofMessage, type DevicePublicJwk } from '@chat/contracts';
import { toBase64url } from './e2ee/e2ee-crypto';

/** The key a client's logins are bound to (contracts device-proof.ts): its public half, and signing with the private one. */
export interface DeviceKeySigner {
  publicJwk: DevicePublicJwk;
  /** ECDSA P-256 with SHA-256 over `data`: the 64-byte r‖s signature WebCrypto's sign gives. */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

const subtle = () => globalThis.crypto.subtle;
const text = new TextEncoder();

/** A new device key whose private half never leaves WebCrypto (IndexedDB can still keep the CryptoKey itself). */
export function generateDeviceSigningKeyPair(): Promise<CryptoKeyPair> {
  return subtle().generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

/** A WebCrypto ECDSA P-256 key pair (browsers, or Node's globalThis.crypto) as a signer. */
export async function webCryptoDeviceKey({ publicKey, privateKey }: CryptoKeyPair): Promise<DeviceKeySigner> {
  const { x, y } = await subtle().exportKey('jwk', publicKey);
  return {
    publicJwk: { kty: 'EC', crv: 'P-256', x: x!, y: y! },
    sign: async (data) => new Uint8Array(await subtle().sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, data)),
  };
}

/** The X-Device-Proof value for refreshing with `refreshToken`: `<unix seconds>.<signature>`, signed at `nowSeconds`. */
export async function deviceProof(signer: DeviceKeySigner, refreshToken: string, nowSeconds = Math.floor(Date.now() / 1000)): Promise<string> {
  const tokenHash = toBase64url(await subtle().digest('SHA-256', text.encode(refreshToken)));
  const signature = await signer.sign(text.encode(deviceProofMessage(tokenHash, nowSeconds)));
  return `${nowSeconds}.${toBase64url(signature)}`;
}
