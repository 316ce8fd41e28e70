import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsString, Matches, MinLength, ValidateNested } from 'class-validator';
import { TENANT_SLUG_PATTERN, type CreateTenantRequest } from '@chat/contracts';
import { RegisterDto } from '../../register/register.dto';

export class CreateTenantDto implements CreateTenantRequest {
  @ApiProperty({ example: 'acme', description: 'How logins name the tenant (X-Tenant): 3..40 lower-case letters, digits and inner hyphens; unique on the server' })
  @IsString()
  @Matches(TENANT_SLUG_PATTERN, { message: 'must be 3..40 lower-case letters, digits and hyphens, not starting or ending with a hyphen' })
  slug: string;

  @ApiProperty({ example: 'Acme Corporation' })
  @IsString()
  @MinLength(1)
  name: string;

  @ApiProperty({ type: RegisterDto, description: "The tenant's first administrator, logged in by the answer" })
  @IsObject()
  @ValidateNested()
  @Type(() => RegisterDto)
  admin: RegisterDto;
}
