import { QueryFailedError } from 'typeorm';

/** True when a statement failed on a unique index (optionally: that one), run through TypeORM or straight on pg. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const pgError = (err instanceof QueryFailedError ? err.driverError : err) as { code?: string; constraint?: string } | null;
  return pgError?.code === '23505' && (constraint === undefined || pgError.constraint === constraint);
}
