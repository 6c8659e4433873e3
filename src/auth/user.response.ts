import { User } from './entities/user.entity';

/** A user as the API shows it: never the token hash; the token itself only once, when issued. */
export type UserResponse = Omit<User, 'missions' | 'observer' | 'tokenHash'> & { missionIds: number[]; token?: string };

export function toUserResponse(user: User, token?: string): UserResponse {
  return {
    id: user.id,
    name: user.name,
    role: user.role,
    missionIds: (user.missions ?? []).map((m) => m.id).sort((a, b) => a - b),
    observerId: user.observerId ?? null,
    active: user.active,
    tokenIssuedAt: user.tokenIssuedAt ?? null,
    version: user.version,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    ...(token ? { token } : {}),
  };
}

/** The fields an audit entry compares (the token hash is masked by the audit service anyway). */
export function userForAudit(user: User): Record<string, unknown> {
  return { ...toUserResponse(user), tokenHash: user.tokenHash };
}
