import { createPublicKey, type KeyObject } from 'node:crypto';
import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import type { DevicePublicJwk } from '@chat/contracts';
import { publicJwkProblem } from '@chat/domain';

/**
 * Why a device's public key is refused, or null: a P-256 public JWK whose point is on the curve. A
 * login's `deviceKey`, and an end-to-end encryption key (a device's, a wrapped key's ephemeral one),
 * which every other member's client imports: one off the curve would fail them all.
 */
export function deviceKeyProblem(value: unknown): string | null {
  const problem = publicJwkProblem(value);
  if (problem) return problem;
  try {
    deviceVerifyingKey(value as DevicePublicJwk);
    return null;
  } catch {
    // Right-sized coordinates that name no point of the curve: OpenSSL refuses the key.
    return 'must be a point on curve P-256';
  }
}

/** The key a device proof is checked with; only the public fields are read. */
export function deviceVerifyingKey(jwk: DevicePublicJwk): KeyObject {
  const { kty, crv, x, y } = jwk;
  return createPublicKey({ key: { kty, crv, x, y }, format: 'jwk' });
}

/** The optional `deviceKey` of a login request (contracts device-proof.ts), checked as deviceKeyProblem says. */
export const DeviceKeyProperty = () =>
  applyDecorators(
    ApiPropertyOptional({ description: "Binds the login's refresh tokens to this device: the ECDSA P-256 public JWK {kty: 'EC', crv: 'P-256', x, y} whose private key signs X-Device-Proof" }),
    IsOptional(),
    ValidateBy({ name: 'isDeviceKey', validator: { validate: (value) => deviceKeyProblem(value) === null, defaultMessage: (args) => deviceKeyProblem(args?.value) ?? '' } }),
  );
