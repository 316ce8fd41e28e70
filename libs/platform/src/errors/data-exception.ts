/**
 * True when Postgres refused a value itself: SQLSTATE class 22 (data exception: a number beyond
 * its column's range, text holding NUL, a date out of range, a malformed JSON escape), as a pg
 * DatabaseError or inside TypeORM's QueryFailedError (`driverError`). Such a value passed our
 * validation, so it is answered as the request's fault (400) rather than a 500, and still logged
 * with its stack as unexpected: the validation that should have caught it is ours to add.
 */
export function isDataException(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { code, driverError } = err as { code?: unknown; driverError?: unknown };
  if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) return true;
  return driverError !== err && isDataException(driverError);
}
