import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import type { TenantReportsQuery } from '@chat/contracts';
import { ListReportsDto } from '@chat/conversations';
import { QueryBoolean } from '@chat/platform';

export class TenantReportsDto extends ListReportsDto implements TenantReportsQuery {
  @ApiPropertyOptional({ description: 'true: only the reports that went to the administrators (nobody in their conversation could act); false: only the others' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  escalated?: boolean;
}
