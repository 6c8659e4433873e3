import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/request-context';
import { USER_ROLES, UserRole } from '../common/request-context';
import { Can } from '../access/permissions';

export class MeResponse {
  @ApiProperty({ example: 7 })
  id: number;

  @ApiProperty({ example: 'Day coordinator' })
  name: string;

  @ApiProperty({ enum: USER_ROLES, example: 'coordinator' })
  role: UserRole;

  @ApiProperty({ type: [Number], example: [1, 3], description: 'Missions the user belongs to (admins see all anyway)' })
  missionIds: number[];

  @ApiProperty({ type: Number, nullable: true, example: null, description: 'For role observer: its observer record' })
  observerId: number | null;
}

/**
 * Who the token belongs to, for any signed-in user: a client learns its role and missions here
 * instead of probing routes it may be refused.
 */
@ApiTags('users')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  @Get()
  @Can('me.read')
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentCaller() { actor }: Caller): MeResponse {
    // The guard has just authenticated the token and put its user here: no second lookup.
    return {
      id: actor.userId!,
      name: actor.name,
      role: actor.role!,
      missionIds: [...(actor.missionIds ?? [])].sort((a, b) => a - b),
      observerId: actor.observerId ?? null,
    };
  }
}
