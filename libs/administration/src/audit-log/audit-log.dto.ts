import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Min } from 'class-validator';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditAction, type AuditLogQuery, type AuditOutcome, type AuditSummaryQuery } from '@chat/contracts';

export class AuditLogDto implements AuditLogQuery {
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS }) @IsOptional() @IsIn(AUDIT_ACTIONS) action?: AuditAction;
  @ApiPropertyOptional({ enum: AUDIT_OUTCOMES }) @IsOptional() @IsIn(AUDIT_OUTCOMES) outcome?: AuditOutcome;
  @ApiPropertyOptional() @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() conversationId?: string;
  @ApiPropertyOptional({ description: 'ISO-8601: entries at or after' }) @IsOptional() @IsISO8601({ strict: true }) since?: string;
  @ApiPropertyOptional({ description: 'ISO-8601: entries before' }) @IsOptional() @IsISO8601({ strict: true }) until?: string;
  @ApiPropertyOptional({ description: 'An entry id: the page continues with older entries' }) @IsOptional() @IsUUID() before?: string;
  @ApiPropertyOptional({ description: 'Entries per page, 1..AUDIT_LOG_MAX_LIMIT' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) limit?: number;
}

export class AuditSummaryDto implements AuditSummaryQuery {
  @ApiProperty({ description: 'ISO-8601: the first moment counted' }) @IsISO8601({ strict: true }) since: string;
  @ApiPropertyOptional({ description: 'ISO-8601: the end (exclusive); now by default' }) @IsOptional() @IsISO8601({ strict: true }) until?: string;
}
