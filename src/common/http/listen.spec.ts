import { listenOn } from './listen';

function refusing(code: string) {
  const calls: string[] = [];
  const listen = jest.fn((_port: number, host: string) => {
    calls.push(host);
    if (calls.length === 1) return Promise.reject(Object.assign(new Error(`listen ${code}`), { code }));
    return Promise.resolve();
  });
  return { listen, calls };
}

describe('listenOn', () => {
  it('listens on the host asked for', async () => {
    const listen = jest.fn(() => Promise.resolve());
    await expect(listenOn(listen, 3000, '::', () => undefined)).resolves.toBe('::');
    expect(listen).toHaveBeenCalledWith(3000, '::');
  });

  it('falls back to 0.0.0.0 when :: is refused for want of IPv6, and says so', async () => {
    const { listen, calls } = refusing('EAFNOSUPPORT');
    const warnings: string[] = [];
    await expect(listenOn(listen, 3000, '::', (m) => warnings.push(m))).resolves.toBe('0.0.0.0');
    expect(calls).toEqual(['::', '0.0.0.0']);
    expect(warnings).toEqual([expect.stringMatching(/no IPv6.*0\.0\.0\.0/)]);
  });

  it('throws any other error, and the same error for a host set otherwise', async () => {
    const taken = refusing('EADDRINUSE');
    await expect(listenOn(taken.listen, 3000, '::', () => undefined)).rejects.toThrow('EADDRINUSE');
    expect(taken.calls).toEqual(['::']);
    const v6 = refusing('EAFNOSUPPORT');
    await expect(listenOn(v6.listen, 3000, '::1', () => undefined)).rejects.toThrow('EAFNOSUPPORT');
    expect(v6.calls).toEqual(['::1']);
  });
});
