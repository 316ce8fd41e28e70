import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import type { AccountBanRequest } from '@chat/contracts';
import { BanTermsDto } from '@chat/conversations';

export class AccountBanDto extends BanTermsDto implements AccountBanRequest {
  @ApiPropertyOptional({ description: "true: every open report of the account's messages in the organisation is closed as actioned, with the ban" })
  @IsOptional()
  @IsBoolean()
  closeReports?: boolean;
}
