import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it("answers helmet's headers with our CSP directives merged into its defaults", () => {
    const headers = securityHeaders({
      contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'] } },
    });
    expect(headers['content-security-policy']).toContain("img-src 'self' data:");
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    // helmet removes this one: a recorded removal must not leave an entry behind.
    expect(headers).not.toHaveProperty('x-powered-by');
  });

  it('leaves out a header helmet is told not to set', () => {
    expect(securityHeaders({ frameguard: false })).not.toHaveProperty('x-frame-options');
  });

  it('refuses a directive computed per request, which one fixed set of headers would freeze', () => {
    expect(() =>
      securityHeaders({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", () => "'nonce-x'"] } } }),
    ).toThrow(/per request/);
  });
});
