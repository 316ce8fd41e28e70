export type Align = 'left' | 'right';

/** A GitHub-flavoured markdown table, columns padded so it also reads well in a terminal. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const all = [headers.map(cell), ...rows.map((r) => headers.map((_, i) => cell(r[i] ?? '')))];
  const widths = headers.map((_, i) => Math.max(3, ...all.map((r) => [...r[i]].length)));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(widths[i] - [...s].length);
    return (align[i] ?? (i === 0 ? 'left' : 'right')) === 'right' ? fill + s : s + fill;
  };
  const line = (r: readonly string[]) => `| ${r.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => ((align[i] ?? (i === 0 ? 'left' : 'right')) === 'right' ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`;
  return [line(all[0]), rule, ...all.slice(1).map(line)].join('\n');
}
