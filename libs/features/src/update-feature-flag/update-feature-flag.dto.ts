import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import type { FeatureOverride, UpdateFeatureFlagRequest } from '@chat/contracts';

export class FeatureOverrideDto implements FeatureOverride {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId: string;
  @ApiProperty() @IsBoolean() enabled: boolean;
}

/** The flag's whole state; the number of overrides (at most FEATURE_FLAG_OVERRIDES_MAX) and duplicates are checked by the handler. */
export class UpdateFeatureFlagDto implements UpdateFeatureFlagRequest {
  @ApiProperty({ description: 'Off: off for everyone but the users forced on' }) @IsBoolean() enabled: boolean;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 100, description: 'Share of users (by a stable hash of the key and the user id) it is on for while enabled' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  rolloutPercent?: number;
  @ApiPropertyOptional({ type: [FeatureOverrideDto], description: 'Users forced on or off, whatever the state and rollout; absent: none' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => FeatureOverrideDto)
  overrides?: FeatureOverrideDto[];
}
