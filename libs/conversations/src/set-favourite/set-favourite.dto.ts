import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import type { FavouriteRequest } from '@chat/contracts';

export class SetFavouriteDto implements FavouriteRequest {
  @ApiProperty({ description: 'Starred conversations come first in my list; at most FAVOURITE_CONVERSATIONS_MAX' }) @IsBoolean() favourite: boolean;
}
