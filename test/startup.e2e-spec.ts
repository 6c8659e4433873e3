import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** `npm start` with a bad environment must stop at once and say which variable is wrong. */
describe('Start-up with a bad environment (e2e)', () => {
  it('exits with status 1 and a message naming the variable, before opening any database', () => {
    const root = join(__dirname, '..');
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, DB_TYPE: 'mysql', PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid environment configuration');
    expect(result.stderr).toMatch(/DB_TYPE="mysql"/);
  });
});
