import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsInt,
  IsString,
  MetadataStorage,
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
  // class-validator's own lookups, counted (with their parameters, which the cache checks): the
  // cache calls them through the storage's prototype.
  const proto = MetadataStorage.prototype;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call(this), and put back
  const { getTargetValidationMetadatas, groupByPropertyName } = proto;
  const counted = { lookups: 0, groupings: 0 };
  proto.getTargetValidationMetadatas = function (target, schema, always, strictGroups, groups) {
    counted.lookups++;
    return getTargetValidationMetadatas.call(this, target, schema, always, strictGroups, groups);
  };
  proto.groupByPropertyName = function (metadata) {
    counted.groupings++;
    return groupByPropertyName.call(this, metadata);
  };

  beforeAll(() => expect(cacheValidationMetadata(storage)).toBe(true));
  afterAll(() => Object.assign(proto, { getTargetValidationMetadatas, groupByPropertyName }));

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

  it("takes the place of the methods class-validator's validation looks rules up through", () => {
    // What the cache rests on in class-validator 0.14.4: validateSync asks the storage's methods
    // that it replaces, with the parameters it keys on, for each object.
    expect(Object.keys(storage)).toEqual(
      expect.arrayContaining(['getTargetValidationMetadatas', 'groupByPropertyName', 'addValidationMetadata']),
    );
    const asked = jest.spyOn(storage, 'getTargetValidationMetadatas');
    const grouped = jest.spyOn(storage, 'groupByPropertyName');
    try {
      errorsOf(cases[1]);
      const looked = { ...counted };
      for (let round = 0; round < 5; round++) cases.forEach(errorsOf);
      // One per object validated (a Visit and each of its Answers): 6 per round.
      expect(asked.mock.calls.length).toBeGreaterThanOrEqual(30);
      expect(asked.mock.calls.every((args) => args.length === 5 && typeof args[0] === 'function')).toBe(true);
      expect(grouped.mock.calls.length).toBeGreaterThanOrEqual(30);
      // ... and answered from the cache: class-validator's own lookups ran no more.
      expect(counted).toEqual(looked);
    } finally {
      asked.mockRestore();
      grouped.mockRestore();
    }
  });

  it('leaves a class-validator whose storage has not the methods it replaces, or not their parameters, as it is', () => {
    const changed = new MetadataStorage();
    Object.defineProperty(changed, 'groupByPropertyName', {
      value: (metadata: unknown[], extra: unknown) => [metadata, extra],
    });
    expect(cacheValidationMetadata(changed)).toBe(false);
    const renamed = new MetadataStorage();
    Object.defineProperty(renamed, 'addValidationMetadata', { value: undefined });
    expect(cacheValidationMetadata(renamed)).toBe(false);
    expect(Object.keys(renamed)).not.toContain('getTargetValidationMetadatas');
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
