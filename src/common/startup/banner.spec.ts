import { localUrl, startupBanner } from './banner';

describe('startupBanner', () => {
  it('frames the console URL, the API URL and the token, every line the same width', () => {
    const text = startupBanner({
      consoleUrl: 'http://localhost:3000/',
      apiUrl: 'http://localhost:3000/api/v1',
      adminToken: 'eom_abc',
    });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^\+-+\+$/);
    expect(lines[lines.length - 1]).toBe(lines[0]);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(text).toContain('Console: http://localhost:3000/');
    expect(text).toContain('API:     http://localhost:3000/api/v1');
    expect(text).toContain('  eom_abc ');
  });

  it('says nothing of a token on a start that made none', () => {
    const text = startupBanner({ consoleUrl: 'http://localhost:3000/', apiUrl: 'http://localhost:3000/api/v1' });
    expect(text).not.toMatch(/token/i);
  });
});

describe('localUrl', () => {
  it('names localhost for every-address hosts, and the host itself otherwise', () => {
    expect(localUrl('::', 3000)).toBe('http://localhost:3000');
    expect(localUrl('0.0.0.0', 80)).toBe('http://localhost:80');
    expect(localUrl('127.0.0.1', 3000)).toBe('http://127.0.0.1:3000');
    expect(localUrl('::1', 3000)).toBe('http://[::1]:3000');
  });
});
