import { USER_ROLES, UserRole } from '../../common/request-context';
import { CliCommand, UsageError } from '../cli-command';

export const usersCreateCommand: CliCommand = {
  name: 'users create',
  summary: 'Creates a user and prints its API token (stdout, alone, shown only this once).',
  options: {
    role: { type: 'string', required: true, choices: USER_ROLES, description: 'What the user may do' },
    name: { type: 'string', required: true, description: 'Who the user is', valueName: '<name>' },
    mission: {
      type: 'string',
      description: "Missions the user belongs to (not for admin; an observer takes its record's)",
      valueName: '<id>[,<id>...]',
    },
    observer: { type: 'integer', description: 'Role observer: the observer record it reports as', valueName: '<id>' },
  },
  examples: [
    'users create --role coordinator --mission 1 --name "Leyla Mammadova"',
    'users create --role observer --observer 12 --name "STO 12"',
    'users create --role admin --name "Second admin"',
  ],

  async run(options, context) {
    const missionText = options.mission as string | undefined;
    const missionIds = missionText === undefined ? [] : missionText.split(',').map((s) => s.trim());
    if (missionIds.some((id) => !/^\d{1,10}$/.test(id) || Number(id) < 1)) {
      throw new UsageError('--mission must be a mission id or ids separated by commas, e.g. 1 or 1,3');
    }
    const app = await context.app();
    const { UsersService } = await import('../../auth/users.service');
    const { user, token } = await app.get(UsersService).create(context.caller, {
      name: options.name as string,
      role: options.role as UserRole,
      missionIds: missionIds.map(Number),
      observerId: options.observer as number | undefined,
    });
    const missions = (user.missions ?? []).map((m) => m.id);
    context.err(
      `Created user ${user.id} "${user.name}" (${user.role}` +
        (missions.length ? `, missions ${missions.join(', ')}` : user.role === 'admin' ? ', every mission' : '') +
        '). Its API token follows; it is not stored and will not be shown again.',
    );
    // Alone on stdout, so `TOKEN=$(npm run -s cli -- users create ...)` captures just the token.
    context.out(token);
  },
};
