/** `text` as literal characters inside a LIKE pattern: `%`, `_` and the escape `\` (Postgres's default) lose their meaning. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
