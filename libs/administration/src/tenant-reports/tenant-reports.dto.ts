import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import type { TenantReportsQuery } from '@chat/contracts';
import { ListReportsDto } from '@chat/conversations';

export class TenantReportsDto extends ListReportsDto implements TenantReportsQuery {
  @ApiPropertyOptional({ description: 'true: only the reports that went to the administrators (nobody in their conversation could act); false: only the others' })
  @IsOptional()
  // A query string is text: only "true" and "false" are booleans, anything else fails validation.
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  escalated?: boolean;
}
