import { Type } from 'class-transformer';
import { IsIn, IsString, MaxLength, ValidateNested } from 'class-validator';
import { validatePayload } from './validation';

class Inner {
  @IsIn(['a', 'b']) kind: string;
}

class Payload {
  @IsIn(['direct', 'group']) type: string;
  @IsString() @MaxLength(3, { message: 'must be at most 3 characters' }) name: string;
  @ValidateNested() @Type(() => Inner) inner: Inner;
}

const failure = (payload: unknown) => validatePayload(Payload, payload).then(() => null, (err: { message: string; details: unknown }) => err);

describe('validatePayload', () => {
  it('names each field once: the problem is said without the property class-validator puts first', async () => {
    const err = await failure({ type: 'nope', name: 'long', inner: { kind: 'z' }, extra: 1 });
    expect(err?.details).toEqual(
      expect.arrayContaining([
        { field: 'type', problem: 'must be one of the following values: direct, group' },
        { field: 'name', problem: 'must be at most 3 characters' },
        { field: 'inner.kind', problem: 'must be one of the following values: a, b' },
        { field: 'extra', problem: 'should not exist' },
      ]),
    );
    expect(err?.message).toMatch(/^Invalid input: .*type must be one of the following values: direct, group;/);
    expect(err?.message).not.toMatch(/type type|extra property extra/);
  });

  it('refuses what is not a JSON object', async () => {
    expect((await failure([]))?.details).toEqual([{ field: '(payload)', problem: 'must be a JSON object' }]);
  });
});
