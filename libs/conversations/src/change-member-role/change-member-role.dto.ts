import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { MEMBER_ROLES, type ChangeRoleRequest, type MemberRole } from '@chat/contracts';

export class ChangeMemberRoleDto implements ChangeRoleRequest {
  @ApiProperty({ enum: MEMBER_ROLES, description: 'Giving owner transfers ownership; the previous owner becomes admin' })
  @IsIn(MEMBER_ROLES)
  role: MemberRole;
}
