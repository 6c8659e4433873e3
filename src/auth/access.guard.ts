import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  Logger,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestContextOf } from '../common/request-context';
import { roleMay } from '../access/access-policy';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { Action, ACTION_KEY, PUBLIC_KEY } from '../access/permissions';
import { UserTokensService } from './user-tokens.service';

// Any visible ASCII: an operator's ADMIN_TOKEN need not be base64url like the tokens we issue.
const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

/**
 * The one gate every route passes (registered as APP_GUARD): who is asking (401), whether the
 * mission in the route is theirs (404, so a mission's existence is not revealed to outsiders),
 * whether their role may do the route's @Can action there (403). A route without @Can is refused.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: UserTokensService,
    private readonly limiter: FailedAuthLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const client = req.ip || 'unknown';
    if (this.limiter.isBlocked(client)) {
      throw new ThrottlerException('Too many failed authentication attempts; wait a minute and try again');
    }
    const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
    const user = token ? await this.tokens.findUser(token) : null;
    if (!user) {
      this.limiter.recordFailure(client);
      void http.getResponse<FastifyReply>().header('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException(
        token ? 'The API token is invalid or revoked' : 'An API token is required: Authorization: Bearer <token>',
      );
    }
    const missionIds = (user.missions ?? []).map((m) => m.id);
    requestContextOf(req).actor = {
      userId: user.id,
      name: user.name,
      role: user.role,
      missionIds,
      observerId: user.observerId,
    };

    const action = this.reflector.get<Action | undefined>(ACTION_KEY, context.getHandler());
    if (!action) {
      // Fail closed: a handler someone forgot to mark is nobody's, not everybody's.
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} has no @Can(...): refused`);
      throw new ForbiddenException('This route declares no permission and is refused');
    }

    const rawMission = (req.params as Record<string, string> | undefined)?.missionId;
    if (rawMission !== undefined && user.role !== 'admin') {
      const missionId = /^\d{1,10}$/.test(rawMission) ? Number(rawMission) : NaN;
      if (!missionIds.includes(missionId)) throw new NotFoundException(`Mission ${rawMission} not found`);
    }
    if (!roleMay(user.role, action)) {
      throw new ForbiddenException(`A user with role ${user.role} may not do ${action}`);
    }
    return true;
  }
}
