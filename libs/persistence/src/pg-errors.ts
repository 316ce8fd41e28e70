import { QueryFailedError } from 'typeorm';

/** True when a statement failed on a unique index (optionally: that one, or one whose name matches), run through TypeORM or straight on pg. */
export function isUniqueViolation(err: unknown, constraint?: string | RegExp): boolean {
  const pgError = (err instanceof QueryFailedError ? err.driverError : err) as { code?: string; constraint?: string } | null;
  if (pgError?.code !== '23505') return false;
  return constraint === undefined || (typeof constraint === 'string' ? pgError.constraint === constraint : constraint.test(pgError.constraint ?? ''));
}
