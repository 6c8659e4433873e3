import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsInt,
  IsString,
  Min,
  ValidateNested,
  getMetadataStorage,
  registerDecorator,
  validateSync,
} from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

class Answer {
  @IsString()
  code!: string;
}

class Base {
  @IsInt()
  @Min(1)
  id!: number;
}

class Visit extends Base {
  @IsString()
  title!: string;

  @ValidateNested({ each: true })
  @Type(() => Answer)
  answers!: Answer[];
}

const options = { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } };

function errorsOf(plain: object): string[] {
  const found: string[] = [];
  const walk = (errors: ReturnType<typeof validateSync>, parent: string) => {
    for (const e of errors) {
      const field = parent ? `${parent}.${e.property}` : e.property;
      for (const reason of Object.keys(e.constraints ?? {})) found.push(`${field}:${reason}`);
      walk(e.children ?? [], field);
    }
  };
  walk(validateSync(plainToInstance(Visit, plain), options), '');
  return found.sort();
}

const cases: object[] = [
  { id: 1, title: 'ok', answers: [{ code: 'a' }] },
  { id: 0, title: 5, answers: [{ code: 1 }, { code: 'b', extra: true }] },
  { title: 'no id', answers: [], unknown: 'x' },
];

describe('cacheValidationMetadata', () => {
  const storage = getMetadataStorage();
  const uncached = cases.map(errorsOf);

  beforeAll(() => cacheValidationMetadata(storage));

  it('reports exactly the errors class-validator reports without the cache, inherited rules included', () => {
    expect(uncached[1]).toEqual(
      expect.arrayContaining([
        'id:min',
        'title:isString',
        'answers.0.code:isString',
        'answers.1.extra:whitelistValidation',
      ]),
    );
    for (let round = 0; round < 3; round++) expect(cases.map(errorsOf)).toEqual(uncached);
  });

  it('answers repeated lookups from the cache (the same array, not a new one)', () => {
    const first = storage.getTargetValidationMetadatas(Visit, '', false, false);
    expect(storage.getTargetValidationMetadatas(Visit, '', false, false)).toBe(first);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
    expect(first.map((m) => m.propertyName)).toEqual(expect.arrayContaining(['id', 'title', 'answers']));
  });

  it('sees a rule added after the first lookups', () => {
    expect(errorsOf({ id: 1, title: 'short', answers: [] })).toEqual([]);
    registerDecorator({
      name: 'longTitle',
      target: Visit,
      propertyName: 'title',
      validator: { validate: (value: unknown) => typeof value === 'string' && value.length > 10 },
    });
    expect(errorsOf({ id: 1, title: 'short', answers: [] })).toEqual(['title:longTitle']);
  });

  it('installs once, however often it is called', () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- read to compare, not to call
    const lookup = storage.getTargetValidationMetadatas;
    cacheValidationMetadata(storage);
    // eslint-disable-next-line @typescript-eslint/unbound-method -- read to compare, not to call
    expect(storage.getTargetValidationMetadatas).toBe(lookup);
  });
});
