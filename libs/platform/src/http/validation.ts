import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import { IsInt, Max, Min, validate, type ValidationError as ClassValidatorError } from 'class-validator';
import { ValidationError } from '../errors/api-error';

type Problem = { field: string; problem: string };

/**
 * A message's seq, or a position named by one: a whole number from 0 that a bigint column and a
 * JavaScript number both hold exactly. IsInt alone takes 1e20, which the database then refuses.
 */
export const IsSeq = (): PropertyDecorator => applyDecorators(IsInt(), Min(0), Max(Number.MAX_SAFE_INTEGER));

export function toProblems(errors: ClassValidatorError[], prefix = ''): Problem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((problem) => ({ field, problem: withoutProperty(problem, e.property) }));
    return [...own, ...toProblems(e.children ?? [], field)];
  });
}

/**
 * class-validator's own messages name the property first ("type must be one of …", "property x
 * should not exist"), where ours are the problem alone ("must be at most 80 characters"): the field
 * is named beside it, and the error's message would say it twice ("type type must be …").
 */
function withoutProperty(problem: string, property: string): string {
  for (const lead of [`${property} `, `property ${property} `]) if (problem.startsWith(lead)) return problem.slice(lead.length);
  return problem;
}

/** A query string is text: only "true" and "false" become booleans; anything else is left for `@IsBoolean()` to refuse. */
export const QueryBoolean = () => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

/** Validates an untrusted payload (socket events) with the same DTO classes REST uses. */
export async function validatePayload<T extends object>(dto: new () => T, payload: unknown): Promise<T> {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new ValidationError([{ field: '(payload)', problem: 'must be a JSON object' }]);
  }
  const instance = plainToInstance(dto, payload);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw new ValidationError(toProblems(errors));
  return instance;
}

/**
 * Checks free text before it reaches the database: well-formed Unicode (no lone surrogates, which
 * could not be stored byte-exact), no NUL (Postgres text cannot hold it), and at most `max`
 * code points, the unit limits are documented in.
 */
export function assertText(field: string, value: string | null | undefined, max: number): void {
  if (value == null) return;
  if (!value.isWellFormed() || value.includes('\u0000')) {
    throw new ValidationError([{ field, problem: 'must be well-formed Unicode text without NUL characters' }]);
  }
  let count = 0;
  for (const _ of value) if (++count > max) throw new ValidationError([{ field, problem: `must be at most ${max} characters` }]);
}

/** A page size as asked (`requested`), else `defaultLimit`; above `maxLimit` is refused with the contract's error. */
export function pageLimit(requested: number | undefined, defaultLimit: number, maxLimit: number): number {
  const limit = requested ?? defaultLimit;
  if (limit > maxLimit) throw new ValidationError([{ field: 'limit', problem: `must be at most ${maxLimit}` }]);
  return limit;
}
