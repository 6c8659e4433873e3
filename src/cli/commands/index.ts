import { CliCommand } from '../cli-command';
import { backupCommand } from './backup.command';
import { importStationsCommand } from './import-stations.command';
import { summaryCommand } from './summary.command';
import { usersCreateCommand } from './users-create.command';

/** Every CLI command. A new command is a file in this folder and one line here. */
export const COMMANDS: CliCommand[] = [importStationsCommand, backupCommand, usersCreateCommand, summaryCommand];
