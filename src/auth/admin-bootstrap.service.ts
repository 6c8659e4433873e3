import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { UserTokensService } from './user-tokens.service';
import { systemCaller } from '../common/request-context';

/** The audit log names the system for what start-up does. */
const STARTUP = systemCaller('system', 'startup');

/** Makes sure someone can log in after start: the ADMIN_TOKEN admin, or a first admin. */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Users');
  /** The first admin's token, on the start that created it; main.ts prints it once listening. */
  createdToken: string | null = null;

  constructor(
    private readonly tokens: UserTokensService,
    private readonly config: ConfigService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const adminToken = this.config.get<string>('ADMIN_TOKEN');
    if (adminToken) {
      const outcome = await this.tokens.ensureAdminToken(STARTUP, adminToken);
      if (outcome !== 'present') this.logger.log(`Admin user for ADMIN_TOKEN ${outcome}`);
      return;
    }
    this.createdToken = await this.tokens.createFirstAdmin(STARTUP);
    if (this.createdToken) this.logger.log('First start: created the user "Administrator" (admin)');
  }
}
