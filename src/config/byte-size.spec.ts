import { BYTE_SIZE, parseByteSize } from './byte-size';
import { validateEnv } from './env.validation';

describe('byte sizes of the settings', () => {
  it.each([
    ['1048576', 1048576],
    ['10b', 10],
    ['500kb', 512000],
    ['1mb', 1048576],
    ['50MB', 52428800],
  ])('reads %s as %d bytes', (size, bytes) => {
    expect(parseByteSize(size)).toBe(bytes);
  });

  it.each(['1gb', 'lots', '1.5mb', '-1kb', '1 mb'])('refuses %p, in the parser and in the env check alike', (size) => {
    expect(BYTE_SIZE.test(size)).toBe(false);
    expect(() => parseByteSize(size)).toThrow(/Not a size/);
    expect(() => validateEnv({ JSON_BODY_LIMIT: size })).toThrow(/JSON_BODY_LIMIT/);
  });
});
