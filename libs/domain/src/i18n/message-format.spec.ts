import { CompiledMessage } from './message-format';
import { Translator } from './translator';

/** Inline catalogs, so the rules are tested apart from the shipped texts. */
const catalog = {
  greeting: 'Hello, {name}!',
  files: '{count, plural, =0 {No files} one {# file} other {# files}}',
  nested: '{name} has {count, plural, one {# file from {owner}} other {# files from {owner}}}',
  total: 'Total: {n}',
};
const polish = {
  files: '{count, plural, one {# plik} few {# pliki} many {# plików} other {# pliku}}',
};
const arabic = {
  files: '{count, plural, zero {لا ملفات} one {ملف واحد} two {ملفان} few {# ملفات} many {# ملفًا} other {# ملف}}',
};

describe('Translator', () => {
  const english = new Translator('en-US', catalog);

  it('puts parameters in, and leaves a missing one visible', () => {
    expect(english.t('greeting', { name: 'Ada' })).toBe('Hello, Ada!');
    expect(english.t('greeting')).toBe('Hello, {name}!');
  });

  it('does not read markup or braces inside a parameter as a message', () => {
    expect(english.t('greeting', { name: '{count} <b>' })).toBe('Hello, {count} <b>!');
  });

  it('picks an exact branch before the plural category', () => {
    expect([0, 1, 2].map((count) => english.t('files', { count }))).toEqual(['No files', '1 file', '2 files']);
  });

  it('formats numbers in the locale, in parameters and for #', () => {
    expect(english.t('total', { n: 1234.5 })).toBe('Total: 1,234.5');
    expect(new Translator('de-DE', catalog).t('files', { count: 1500 })).toBe('1.500 files');
  });

  it('fills parameters inside plural branches', () => {
    expect(english.t('nested', { name: 'Ada', count: 1, owner: 'Bob' })).toBe('Ada has 1 file from Bob');
    expect(english.t('nested', { name: 'Ada', count: 3, owner: 'Bob' })).toBe('Ada has 3 files from Bob');
  });

  it('follows Polish rules: one, few (2–4, 22–24) and many (5–21, 25…)', () => {
    const pl = new Translator('pl', polish);
    expect([1, 2, 4, 5, 12, 21, 22, 25, 1.5].map((count) => pl.t('files', { count }))).toEqual([
      '1 plik',
      '2 pliki',
      '4 pliki',
      '5 plików',
      '12 plików',
      '21 plików',
      '22 pliki',
      '25 plików',
      '1,5 pliku',
    ]);
  });

  it('follows Arabic rules: all six categories', () => {
    const ar = new Translator('ar-EG', arabic);
    expect([0, 1, 2].map((count) => ar.t('files', { count }))).toEqual(['لا ملفات', 'ملف واحد', 'ملفان']);
    expect(ar.t('files', { count: 3 })).toBe('٣ ملفات');
    expect(ar.t('files', { count: 11 })).toBe('١١ ملفًا');
    expect(ar.t('files', { count: 100 })).toBe('١٠٠ ملف');
  });
});

describe('CompiledMessage', () => {
  it('names the parameters a message uses, inside plurals too', () => {
    expect([...CompiledMessage.compile(catalog.nested).argumentNames].sort()).toEqual(['count', 'name', 'owner']);
  });

  it('keeps # and apostrophes outside plurals as text', () => {
    const message = CompiledMessage.compile("It's #1");
    expect(message.format({}, new Intl.PluralRules('en'), new Intl.NumberFormat('en'))).toBe("It's #1");
  });

  it.each([
    ['Hello {name', 'unclosed parameter'],
    ['Hello }', 'stray brace'],
    ['{n, plural, one {# file}}', 'plural without other'],
    ['{n, select, a {x} other {y}}', 'unsupported argument type'],
    ['{n, plural, one # file other {x}}', 'branch without braces'],
  ])('rejects %s (%s)', (pattern) => {
    expect(() => CompiledMessage.compile(pattern)).toThrow(/^message /);
  });
});
