import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

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
 * needs no CORS and works wherever the tracker runs. One route per file (no wildcard), so a path
 * that is neither a file nor an API route gets the API's own 404.
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
    // Queued, not awaited: awaiting would make Fastify load now and settle the routes registered so
    // far with its default error handler, before Nest installs its own (right after module init).
    void this.adapterHost.httpAdapter.getInstance<FastifyInstance>().register(fastifyStatic, {
      root: dir,
      prefix: '/',
      wildcard: false,
      index: 'index.html',
      // The files change with each release and are small: revalidate rather than serve stale code.
      cacheControl: false,
      setHeaders: (reply: FastifyReply) => void reply.header('Cache-Control', 'no-cache'),
    });
  }
}
