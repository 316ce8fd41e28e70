import { ValidationError } from '@chat/platform';

/** The cursor is a change-log position, opaque to clients so its form can change. */
export function encodeCursor(position: number): string {
  return Buffer.from(`p${position}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const match = /^p(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new ValidationError([{ field: 'since', problem: 'is not a cursor this server issued' }]);
  return Number(match[1]);
}
