import 'reflect-metadata';
import { IsInt, IsString, MaxLength, MetadataStorage, Min, ValidationTypes, getMetadataStorage, validate } from 'class-validator';
import { memoizeValidationMetadata } from './validation-metadata';

class Named {
  @IsString() @MaxLength(5) name: string;
}

class Counted extends Named {
  @IsInt() @Min(0, { groups: ['strict'] }) count: number;
}

/** A storage of this spec's own holding the two classes' rules, so the global one stays as it is. */
function storageWithRules(): MetadataStorage {
  const storage = new MetadataStorage();
  for (const target of [Named, Counted]) {
    for (const m of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) if (m.target === target) storage.addValidationMetadata(m);
  }
  return storage;
}

describe('memoizeValidationMetadata', () => {
  it("answers each class's rules, inherited ones and groups included, as the storage itself does", () => {
    const reference = storageWithRules();
    const memo = storageWithRules();
    memoizeValidationMetadata(memo);
    const asked: Parameters<MetadataStorage['getTargetValidationMetadatas']>[] = [
      [Counted, '', false, false, undefined],
      [Counted, '', false, false, ['strict']],
      [Counted, '', false, true, undefined],
      [Named, '', false, false, undefined],
      [Counted, '', true, false, undefined],
    ];
    for (const args of asked) {
      const rules = (s: MetadataStorage) => s.getTargetValidationMetadatas(...args).map((m) => `${m.propertyName}:${m.name ?? m.type}`).sort();
      expect(rules(memo)).toEqual(rules(reference));
      expect(rules(memo)).toEqual(rules(reference)); // and again, from the memo
    }
    const properties = (...args: Parameters<MetadataStorage['getTargetValidationMetadatas']>) => memo.getTargetValidationMetadatas(...args).map((m) => m.propertyName).sort();
    expect(properties(Counted, '', false, false)).toEqual(['count', 'count', 'name', 'name']);
    expect(properties(Counted, '', false, false, ['strict'])).toEqual(['count']);
    expect(properties(Counted, '', false, true)).toEqual(['count', 'name', 'name']);
  });

  it('looks a class up once per set of options, not at every validation', () => {
    const memo = storageWithRules();
    memoizeValidationMetadata(memo);
    const first = memo.getTargetValidationMetadatas(Counted, '', false, false);
    expect(memo.getTargetValidationMetadatas(Counted, '', false, false)).toBe(first);
    expect(memo.getTargetValidationMetadatas(Counted, '', false, false, ['strict'])).not.toBe(first);
  });

  it('forgets every answer when a rule is registered afterwards', () => {
    const memo = storageWithRules();
    memoizeValidationMetadata(memo);
    const before = memo.getTargetValidationMetadatas(Counted, '', false, false);
    const [rule] = memo.getTargetValidationMetadatas(Named, '', false, false);
    memo.addValidationMetadata({ ...rule, type: ValidationTypes.IS_DEFINED } as typeof rule);
    const after = memo.getTargetValidationMetadatas(Counted, '', false, false);
    expect(after).toHaveLength(before.length + 1);
  });

  it('is installed once however often it is called', () => {
    const memo = storageWithRules();
    memoizeValidationMetadata(memo);
    const lookup = memo.getTargetValidationMetadatas;
    memoizeValidationMetadata(memo);
    expect(memo.getTargetValidationMetadatas).toBe(lookup);
  });

  it('validates through the memoized global storage with the same verdicts', async () => {
    memoizeValidationMetadata();
    const bad = Object.assign(new Counted(), { name: 'far too long', count: 1.5 });
    const good = Object.assign(new Counted(), { name: 'ok', count: 3 });
    for (let i = 0; i < 2; i++) {
      expect((await validate(bad)).map((e) => e.property).sort()).toEqual(['count', 'name']);
      expect(await validate(good)).toEqual([]);
    }
  });
});
