/**
 * A small subset of ICU MessageFormat, enough for a chat client's texts:
 * - `{name}` puts in a parameter (numbers in the locale's digits and grouping);
 * - `{count, plural, =0 {none} one {# message} other {# messages}}` picks a branch by
 *   `=N` first, then by the locale's `Intl.PluralRules` category (zero, one, two, few, many,
 *   other), then `other`; `#` inside a branch is the count. Branches may hold parameters and
 *   further plurals.
 * Unlike ICU, an apostrophe is plain text (our texts have many and need no escaping).
 */
export type MessageParams = Readonly<Record<string, string | number>>;

type Part = string | { arg: string } | { pound: true } | { arg: string; branches: ReadonlyMap<string, Part[]> };

export class CompiledMessage {
  private constructor(private readonly parts: Part[]) {}

  /** Throws on unbalanced braces or a malformed plural, naming the position. */
  static compile(pattern: string): CompiledMessage {
    const parser = new Parser(pattern);
    const parts = parser.parts(false);
    if (!parser.done()) parser.fail('unexpected }');
    return new CompiledMessage(parts);
  }

  /** The parameter names the message uses, for checking that translations use the same ones. */
  get argumentNames(): Set<string> {
    const names = new Set<string>();
    const walk = (parts: Part[]) => {
      for (const part of parts) {
        if (typeof part === 'string' || 'pound' in part) continue;
        names.add(part.arg);
        if ('branches' in part) for (const branch of part.branches.values()) walk(branch);
      }
    };
    walk(this.parts);
    return names;
  }

  format(params: MessageParams, plurals: Intl.PluralRules, numbers: Intl.NumberFormat): string {
    const render = (parts: Part[], count: number | undefined): string =>
      parts
        .map((part) => {
          if (typeof part === 'string') return part;
          if ('pound' in part) return count === undefined ? '#' : numbers.format(count);
          const value = params[part.arg];
          // A missing parameter stays visible as {name}: a wrong text is easier to spot than a blank one.
          if (value === undefined) return `{${part.arg}}`;
          if (!('branches' in part)) return typeof value === 'number' ? numbers.format(value) : value;
          const n = Number(value);
          const branch = part.branches.get(`=${n}`) ?? part.branches.get(plurals.select(n)) ?? part.branches.get('other') ?? [];
          return render(branch, n);
        })
        .join('');
    return render(this.parts, undefined);
  }
}

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  done(): boolean {
    return this.pos >= this.src.length;
  }

  fail(problem: string): never {
    throw new Error(`message "${this.src}": ${problem} at ${this.pos}`);
  }

  /** Text and arguments up to the end, or (inside a plural branch) up to the branch's closing brace. */
  parts(inBranch: boolean): Part[] {
    const parts: Part[] = [];
    let text = '';
    const flush = () => {
      if (text) parts.push(text);
      text = '';
    };
    while (!this.done()) {
      const c = this.src[this.pos];
      if (c === '}') break;
      if (c === '{') {
        flush();
        this.pos++;
        parts.push(this.argument());
      } else if (c === '#' && inBranch) {
        flush();
        this.pos++;
        parts.push({ pound: true });
      } else {
        text += c;
        this.pos++;
      }
    }
    flush();
    return parts;
  }

  private argument(): Part {
    const arg = this.word();
    if (!arg) this.fail('parameter name expected');
    this.spaces();
    if (this.take('}')) return { arg };
    if (!this.take(',')) this.fail('} or , expected');
    this.spaces();
    if (this.word() !== 'plural') this.fail('only plural arguments are supported');
    this.spaces();
    if (!this.take(',')) this.fail(', expected');
    const branches = new Map<string, Part[]>();
    for (;;) {
      this.spaces();
      if (this.take('}')) break;
      const selector = this.word();
      if (!selector) this.fail('plural selector expected');
      this.spaces();
      if (!this.take('{')) this.fail('{ expected');
      branches.set(selector, this.parts(true));
      if (!this.take('}')) this.fail('} expected');
    }
    if (!branches.has('other')) this.fail('a plural needs an "other" branch');
    return { arg, branches };
  }

  private word(): string {
    const match = /^[=\w.-]+/.exec(this.src.slice(this.pos));
    this.pos += match?.[0].length ?? 0;
    return match?.[0] ?? '';
  }

  private spaces(): void {
    while (/\s/.test(this.src[this.pos] ?? '')) this.pos++;
  }

  private take(char: string): boolean {
    if (this.src[this.pos] !== char) return false;
    this.pos++;
    return true;
  }
}
