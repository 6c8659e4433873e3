import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express from 'express';

/**
 * The console's files live in console/ at the project root, beside package.json, so the same
 * lookup works from src/ (tests, ts-node) and from dist/src/ (`npm start`).
 */
export function findConsoleDir(from = __dirname): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'console');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Serves the browser console at `/`: static files only, same origin as the API, so the console
 * needs no CORS and works wherever the tracker runs. Registered at module init, after the API
 * routes and before Nest's 404 handler, so it only answers paths no route claims.
 */
@Module({})
export class ConsoleModule implements OnModuleInit {
  private readonly logger = new Logger(ConsoleModule.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    // An application context (the CLI) has no HTTP server to serve files from.
    if (!this.adapterHost.httpAdapter) return;
    const dir = findConsoleDir();
    if (!dir) {
      this.logger.warn('console/ not found: the browser console is not served');
      return;
    }
    const app = this.adapterHost.httpAdapter.getInstance<express.Express>();
    app.use(
      express.static(dir, {
        index: 'index.html',
        fallthrough: true,
        // The files change with each release and are small: revalidate rather than serve stale code.
        setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
      }),
    );
  }
}
