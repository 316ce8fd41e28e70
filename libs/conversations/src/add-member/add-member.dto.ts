import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { AddMemberRequest } from '@chat/contracts';

export class AddMemberDto implements AddMemberRequest {
  @ApiProperty() @IsUUID() userId: string;
}
