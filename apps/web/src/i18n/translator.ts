import { CompiledMessage, type MessageParams } from './message-format';

/**
 * Texts, numbers and dates in one locale and time zone: `t(key, params)` formats a catalog's
 * message (see message-format.ts); plural branches follow the locale's Intl.PluralRules.
 * Messages are compiled on first use and kept.
 */
export class Translator<K extends string> {
  readonly plurals: Intl.PluralRules;
  readonly numbers: Intl.NumberFormat;
  private readonly compiled = new Map<K, CompiledMessage>();

  constructor(
    readonly locale: string,
    private readonly catalog: Readonly<Record<K, string>>,
    readonly timeZone: string,
  ) {
    this.plurals = new Intl.PluralRules(locale);
    this.numbers = new Intl.NumberFormat(locale);
  }

  t(key: K, params: MessageParams = {}): string {
    let message = this.compiled.get(key);
    if (!message) {
      message = CompiledMessage.compile(this.catalog[key]);
      this.compiled.set(key, message);
    }
    return message.format(params, this.plurals, this.numbers);
  }

  number(n: number, options?: Intl.NumberFormatOptions): string {
    return options ? new Intl.NumberFormat(this.locale, options).format(n) : this.numbers.format(n);
  }
}
