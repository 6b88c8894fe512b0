import { IsInt, IsString, MetadataStorage, Min, validateSync } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache.js';

describe('cacheValidationMetadata', () => {
  class Base {
    @IsString()
    name!: string;
  }
  class Child extends Base {
    @IsInt()
    count!: number;
  }

  const errorsOf = (object: object) =>
    validateSync(object, { forbidUnknownValues: true }).flatMap((error) =>
      Object.keys(error.constraints ?? {}),
    );

  beforeAll(() => cacheValidationMetadata());

  it('validates own and inherited rules as before, call after call', () => {
    for (let i = 0; i < 3; i++) {
      expect(errorsOf(Object.assign(new Child(), { name: 'a', count: 1 }))).toEqual([]);
      expect(errorsOf(Object.assign(new Child(), { name: 1, count: 'x' })).sort()).toEqual([
        'isInt',
        'isString',
      ]);
      expect(errorsOf(Object.assign(new Base(), { name: 2 }))).toEqual(['isString']);
    }
  });

  it('applies a rule added after the first validation', () => {
    expect(errorsOf(Object.assign(new Child(), { name: 'a', count: -1 }))).toEqual([]);
    Min(0)(Child.prototype, 'count');
    expect(errorsOf(Object.assign(new Child(), { name: 'a', count: -1 }))).toEqual(['min']);
  });

  it('returns the same rules for a class until one is added, and is installed once per storage', () => {
    const storage = new MetadataStorage();
    cacheValidationMetadata(storage);
    const patched = storage.getTargetValidationMetadatas;
    cacheValidationMetadata(storage);
    expect(storage.getTargetValidationMetadatas).toBe(patched);
    const first = storage.getTargetValidationMetadatas(Child, '', false, false);
    expect(storage.getTargetValidationMetadatas(Child, '', false, false)).toBe(first);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
  });
});
