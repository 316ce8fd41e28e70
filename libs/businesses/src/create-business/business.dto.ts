import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsIn, IsString, ValidateIf } from 'class-validator';
import { ROUTING_STRATEGIES, type BusinessHours, type CreateBusinessRequest, type RoutingStrategy, type UpdateBusinessRequest } from '@chat/contracts';

const HOURS_DOC = { description: '{timeZone: IANA zone, days: {mon: [["09:00", "17:00"]], …}}; null: always open', nullable: true, type: Object };

/**
 * Only absence skips a field's checks: null is no name and no routing strategy (IsOptional would let
 * it through, and the column refuses it). `hours` alone takes null (always open).
 */
const given = (_: object, value: unknown) => value !== undefined;

export class CreateBusinessDto implements CreateBusinessRequest {
  @ApiProperty() @IsString() name: string;
  @ApiPropertyOptional({ enum: ROUTING_STRATEGIES, default: 'round-robin' }) @ValidateIf(given) @IsIn(ROUTING_STRATEGIES) routing?: RoutingStrategy;
  // Checked by businessHoursProblems, which names each wrong field.
  @ApiPropertyOptional(HOURS_DOC) @Allow() hours?: BusinessHours | null;
}

export class UpdateBusinessDto implements UpdateBusinessRequest {
  @ApiPropertyOptional() @ValidateIf(given) @IsString() name?: string;
  @ApiPropertyOptional({ enum: ROUTING_STRATEGIES }) @ValidateIf(given) @IsIn(ROUTING_STRATEGIES) routing?: RoutingStrategy;
  @ApiPropertyOptional(HOURS_DOC) @Allow() hours?: BusinessHours | null;
}
