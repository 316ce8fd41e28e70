import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsIn, IsOptional, IsString } from 'class-validator';
import { ROUTING_STRATEGIES, type BusinessHours, type CreateBusinessRequest, type RoutingStrategy, type UpdateBusinessRequest } from '@chat/contracts';

const HOURS_DOC = { description: '{timeZone: IANA zone, days: {mon: [["09:00", "17:00"]], …}}; null: always open', nullable: true, type: Object };

export class CreateBusinessDto implements CreateBusinessRequest {
  @ApiProperty() @IsString() name: string;
  @ApiPropertyOptional({ enum: ROUTING_STRATEGIES, default: 'round-robin' }) @IsOptional() @IsIn(ROUTING_STRATEGIES) routing?: RoutingStrategy;
  // Checked by businessHoursProblems, which names each wrong field.
  @ApiPropertyOptional(HOURS_DOC) @Allow() hours?: BusinessHours | null;
}

export class UpdateBusinessDto implements UpdateBusinessRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() name?: string;
  @ApiPropertyOptional({ enum: ROUTING_STRATEGIES }) @IsOptional() @IsIn(ROUTING_STRATEGIES) routing?: RoutingStrategy;
  @ApiPropertyOptional(HOURS_DOC) @Allow() hours?: BusinessHours | null;
}
