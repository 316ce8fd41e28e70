import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsString, Matches, Min, MinLength } from 'class-validator';
import type { DevicePublicJwk, DistributeKeyRequest, PutKeyBackupRequest, RegisterDeviceKeyRequest, WrappedKey } from '@chat/contracts';

/** The handshake's deviceId rule (contracts socket.ts), so one id names a device everywhere. */
export const DEVICE_ID = /^[\w-]{1,64}$/;

// Nested shapes are checked by the domain's rules (publicJwkProblem, envelope fields), which name the exact problem.
export class RegisterDeviceKeyDto implements RegisterDeviceKeyRequest {
  @ApiProperty({ description: "ECDH P-256 public JWK: {kty: 'EC', crv: 'P-256', x, y}" }) @IsObject() publicKey: DevicePublicJwk;
}

export class DistributeKeyDto implements DistributeKeyRequest {
  @ApiProperty({ description: 'current + 1 rotates (must cover every member device); current adds envelopes for devices without one' }) @IsInt() @Min(1) keyVersion: number;
  @ApiProperty() @IsString() @Matches(DEVICE_ID) senderDeviceId: string;
  @ApiProperty({ description: 'One per recipient device: {recipientUserId, recipientDeviceId, ephemeralPublicKey, iv, wrappedKey}' })
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsObject({ each: true })
  envelopes: WrappedKey[];
}

export class PutKeyBackupDto implements PutKeyBackupRequest {
  @ApiProperty({ description: 'Opaque: the device key encrypted under a passphrase-derived key by the client' }) @IsString() @MinLength(1) blob: string;
}
