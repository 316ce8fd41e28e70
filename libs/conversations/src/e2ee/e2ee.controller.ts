import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Audited } from '@chat/audit';
import type { DeviceKey, E2eeDevicesResponse, KeyBackupResponse, MyDevicesResponse, MyKeyEnvelopesResponse } from '@chat/contracts';
import { AccessTokenGuard, AuthRateLimitGuard, CurrentPrincipal, MFA_CODE_HEADER, type Principal } from '@chat/identity';
import { ValidationError } from '@chat/platform';
import { DeviceKeys } from './device-keys';
import { DeviceUnlinking } from './device-unlinking';
import { DEVICE_ID, DistributeKeyDto, PutKeyBackupDto, RegisterDeviceKeyDto } from './e2ee.dto';
import { KeyDistribution } from './key-distribution';

/** A device route's audit details: the device, by the id the caller gave (never a key). */
const deviceAudit = { detailsOf: (req: Request) => ({ deviceId: req.params.deviceId }) };
/** The key backup's routes keep no details: the blob is the user's encrypted keys. */
const backupAudit = { detailsOf: () => ({}) };

function deviceId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !DEVICE_ID.test(value)) throw new ValidationError([{ field, problem: 'must be 1-64 of [A-Za-z0-9_-]' }]);
  return value;
}

/** End-to-end encryption (seed 003 R20): device keys, conversation key envelopes, key backup. */
@ApiTags('e2ee')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1')
export class E2eeController {
  constructor(
    private readonly deviceKeys: DeviceKeys,
    private readonly distribution: KeyDistribution,
    private readonly unlinking: DeviceUnlinking,
  ) {}

  @Get('me/devices')
  async myDevices(@CurrentPrincipal() p: Principal): Promise<MyDevicesResponse> {
    return { devices: await this.deviceKeys.list(p) };
  }

  /** Sensitive (X-MFA-Code with two-step login on), so code guesses count against the address like logins. */
  @Delete('me/devices/:deviceId')
  @HttpCode(204)
  @UseGuards(AuthRateLimitGuard)
  @Audited({ action: 'e2ee.device.unlink', ...deviceAudit })
  async unlinkDevice(@CurrentPrincipal() p: Principal, @Param('deviceId') id: string, @Headers(MFA_CODE_HEADER) mfaCode: string | undefined): Promise<void> {
    await this.unlinking.unlink(p, deviceId(id, 'deviceId'), mfaCode);
  }

  @Put('me/devices/:deviceId/e2ee-key')
  @Audited({ action: 'e2ee.device.register', ...deviceAudit })
  async registerDeviceKey(@CurrentPrincipal() p: Principal, @Param('deviceId') id: string, @Body() body: RegisterDeviceKeyDto): Promise<{ device: DeviceKey }> {
    return { device: await this.deviceKeys.register(p, deviceId(id, 'deviceId'), body.publicKey) };
  }

  @Get('conversations/:id/e2ee/devices')
  devices(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<E2eeDevicesResponse> {
    return this.distribution.devices(p, id);
  }

  @Post('conversations/:id/e2ee/keys')
  @HttpCode(200)
  distribute(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: DistributeKeyDto): Promise<E2eeDevicesResponse> {
    return this.distribution.distribute(p, id, body);
  }

  @Get('conversations/:id/e2ee/keys')
  keys(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Query('deviceId') device: unknown): Promise<MyKeyEnvelopesResponse> {
    return this.distribution.envelopesFor(p, id, deviceId(device, 'deviceId'));
  }

  @Get('me/e2ee-backup')
  backup(@CurrentPrincipal() p: Principal): Promise<KeyBackupResponse> {
    return this.deviceKeys.backup(p);
  }

  @Put('me/e2ee-backup')
  @Audited({ action: 'e2ee.backup.store', ...backupAudit })
  putBackup(@CurrentPrincipal() p: Principal, @Body() body: PutKeyBackupDto): Promise<KeyBackupResponse> {
    return this.deviceKeys.putBackup(p, body.blob);
  }

  @Post('me/e2ee-backup/opt-out')
  @HttpCode(200)
  @Audited({ action: 'e2ee.backup.opt-out', ...backupAudit })
  optOut(@CurrentPrincipal() p: Principal): Promise<KeyBackupResponse> {
    return this.deviceKeys.optOut(p);
  }

  @Delete('me/e2ee-backup')
  @HttpCode(204)
  @Audited({ action: 'e2ee.backup.delete', ...backupAudit })
  async deleteBackup(@CurrentPrincipal() p: Principal): Promise<void> {
    await this.deviceKeys.deleteBackup(p);
  }
}
