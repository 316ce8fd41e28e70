import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import type { UpdateTenantRequest } from '@chat/contracts';

export class UpdateTenantDto implements UpdateTenantRequest {
  @ApiPropertyOptional({ description: 'Anyone who knows the tenant’s name may register in it' })
  @IsOptional()
  @IsBoolean()
  openRegistration?: boolean;

  @ApiPropertyOptional({ description: 'Guests may log in (where the server takes guests)' })
  @IsOptional()
  @IsBoolean()
  guestsAllowed?: boolean;
}
