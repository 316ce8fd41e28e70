import { CompiledMessage, type MessageParams } from './message-format';

/**
 * Texts and numbers in one locale: `t(key, params)` formats a catalog's message (see
 * message-format.ts); plural branches follow the locale's Intl.PluralRules. Messages are compiled
 * on first use and kept. The web client's catalogs and the server's notification texts both use it.
 */
export class Translator<K extends string> {
  readonly plurals: Intl.PluralRules;
  readonly numbers: Intl.NumberFormat;
  private readonly compiled = new Map<K, CompiledMessage>();

  constructor(
    readonly locale: string,
    private readonly catalog: Readonly<Record<K, string>>,
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
