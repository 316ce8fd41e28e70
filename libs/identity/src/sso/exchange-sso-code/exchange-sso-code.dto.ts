import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { DevicePublicJwk, SsoExchangeRequest } from '@chat/contracts';
import { DeviceKeyProperty } from '../../auth/device-key';

export class ExchangeSsoCodeDto implements SsoExchangeRequest {
  @ApiProperty({ description: 'The one-time code the SSO callback put in the web app URL (`sso_code`)' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  code: string;

  @DeviceKeyProperty() deviceKey?: DevicePublicJwk;
}
