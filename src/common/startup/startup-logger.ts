import { ConsoleLogger, LogLevel } from '@nestjs/common';

/**
 * Nest's own start-up chatter: a line per module and per route. Useful when debugging the wiring,
 * noise otherwise, so it is logged at `debug` and a default start shows one line per step.
 */
const WIRING_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** The console logger, with Nest's wiring messages moved down to debug. */
export class StartupLogger extends ConsoleLogger {
  constructor(levels: LogLevel[]) {
    super({ logLevels: levels });
  }

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && WIRING_CONTEXTS.has(context)) {
      super.debug(message, ...rest);
      return;
    }
    super.log(message, ...rest);
  }
}
