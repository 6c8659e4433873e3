import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule, SettingsOverrides } from '../src/app.module';
import { APP_OPTIONS, configureApp, createHttpAdapter } from '../src/app.setup';
import { UserRole } from '../src/common/request-context';
import { UsersService } from '../src/auth/users.service';
import { systemCaller } from '../src/common/request-context';

/** The engine under test: the suite runs once with DB_TYPE=sqlite and once with DB_TYPE=postgres. */
export const DB_TYPE = (process.env.DB_TYPE ?? 'sqlite') as 'sqlite' | 'postgres';
const PG_ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A supertest client whose every request carries one API token. */
export type AuthedHttp = ReturnType<typeof request.agent>;

export interface CreatedUser {
  id: number;
  token: string;
}

export interface TestApp {
  app: INestApplication;
  /** Requests as the admin of ADMIN_TOKEN, so specs about other things need not think of auth. */
  http: () => AuthedHttp;
  /** Requests as the holder of `token`. */
  as: (token: string) => AuthedHttp;
  /** Requests with no token at all. */
  anonymous: () => ReturnType<typeof request>;
  /** The ADMIN_TOKEN the app started with. */
  adminToken: string;
  /** Creates a user (through the service: no HTTP round trip) and answers its id and token. */
  createUser: (
    role: UserRole,
    options?: { missionIds?: number[]; observerId?: number; name?: string },
  ) => Promise<CreatedUser>;
  dataSource: DataSource;
  /** Settings the app was built with (database path or URL), for tests that start a second process. */
  settings: SettingsOverrides;
  close: () => Promise<void>;
}

/** A fresh, empty database of the engine under test, with a function that drops it. */
export async function freshDatabase(): Promise<{ settings: SettingsOverrides; drop: () => Promise<void> }> {
  if (DB_TYPE === 'postgres') {
    const name = `eom_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    return {
      settings: { DB_TYPE: 'postgres', DATABASE_URL: url.toString() },
      drop: async () => {
        const c = new Client({ connectionString: PG_ADMIN_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'eom-test-'));
  return {
    settings: { DB_TYPE: 'sqlite', DATABASE_PATH: join(dir, 'eom.sqlite') },
    drop: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

/**
 * Builds the real AppModule, configured exactly as main.ts does, on a fresh database that the
 * migrations create. The sample mission is not loaded unless a test asks for it.
 */
export async function createTestApp(overrides: SettingsOverrides = {}): Promise<TestApp> {
  const db = await freshDatabase();
  const adminToken = `test-admin-${randomBytes(24).toString('base64url')}`;
  const settings: SettingsOverrides = {
    SEED_SAMPLE: 'false',
    RATE_LIMIT_PER_MINUTE: '0',
    ADMIN_TOKEN: adminToken,
    ...db.settings,
    ...overrides,
  };
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(settings)] }).compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(), { ...APP_OPTIONS, logger: ['error'] });
  configureApp(app);
  await app.init();
  // Fastify loads its plugins (security headers, static files) when it is ready: supertest needs that first.
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer();
  const as = (token: string) => request.agent(server).set('Authorization', `Bearer ${token}`);
  const adminAs = settings.ADMIN_TOKEN ?? adminToken;
  const users = app.get(UsersService);
  return {
    app,
    http: () => as(adminAs),
    as,
    anonymous: () => request(server),
    adminToken: adminAs,
    createUser: async (role, options = {}) => {
      const { user, token } = await users.create(systemCaller('test'), {
        name: options.name ?? `Test ${role}`,
        role,
        missionIds: options.missionIds ?? [],
        observerId: options.observerId,
      });
      return { id: user.id, token };
    },
    dataSource: app.get(DataSource),
    settings,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
