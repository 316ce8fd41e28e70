import { parseMarkup, plainTextOf, type MarkupNode, type MentionSegment } from './message-markup';

const text = (t: string): MarkupNode => ({ kind: 'text', text: t });
const link = (href: string): MarkupNode => ({ kind: 'link', text: href, href });

describe('parseMarkup', () => {
  it('leaves a body without marks as one text', () => {
    expect(parseMarkup('Just words, 3 < 4 & <b>not html</b>')).toEqual([text('Just words, 3 < 4 & <b>not html</b>')]);
    expect(parseMarkup('')).toEqual([]);
  });

  it('reads bold, italic and struck text, nested as written', () => {
    expect(parseMarkup('a **bold** b *it* c _it_ d ~~gone~~')).toEqual([
      text('a '),
      { kind: 'strong', children: [text('bold')] },
      text(' b '),
      { kind: 'em', children: [text('it')] },
      text(' c '),
      { kind: 'em', children: [text('it')] },
      text(' d '),
      { kind: 'strike', children: [text('gone')] },
    ]);
    expect(parseMarkup('**bold _and italic_**')).toEqual([{ kind: 'strong', children: [text('bold '), { kind: 'em', children: [text('and italic')] }] }]);
  });

  it('keeps marks that do not pair, or sit inside a word, as typed', () => {
    for (const typed of ['snake_case_name', '2*3*4', 'a * b * c', '**not closed', 'closed not opened**', '****', 'a _ b _ c', '_ spaced_', '*half']) {
      expect(parseMarkup(typed)).toEqual([text(typed)]);
    }
    // An opener left inside a pair is text again.
    expect(parseMarkup('**a _b**')).toEqual([{ kind: 'strong', children: [text('a _b')] }]);
  });

  it('takes inline code and code blocks literally', () => {
    expect(parseMarkup('run `npm **start**` now')).toEqual([text('run '), { kind: 'code', text: 'npm **start**' }, text(' now')]);
    expect(parseMarkup('look:\n```\nconst a = **b**;\nhttps://x.example\n```\ndone')).toEqual([
      text('look:\n'),
      { kind: 'code-block', text: 'const a = **b**;\nhttps://x.example' },
      text('\ndone'),
    ]);
    expect(parseMarkup('``` never closed')).toEqual([text('``` never closed')]);
  });

  it('links http(s) addresses without the punctuation that ends the sentence, and nothing else', () => {
    expect(parseMarkup('see https://example.com/a_(b)?q=1. Then')).toEqual([text('see '), link('https://example.com/a_(b)?q=1'), text('. Then')]);
    expect(parseMarkup('(https://example.com/x)')).toEqual([text('('), link('https://example.com/x'), text(')')]);
    expect(parseMarkup('**https://example.com/snake_case**')).toEqual([{ kind: 'strong', children: [link('https://example.com/snake_case')] }]);
    for (const typed of ['javascript:alert(1)', 'ftp://example.com', 'example.com', 'http:/broken']) expect(parseMarkup(typed)).toEqual([text(typed)]);
    expect(parseMarkup('(see https://example.com/a(b)).). Yes')).toEqual([text('(see '), link('https://example.com/a(b)'), text(').). Yes')]);
  });

  it('trims a hostile address in one walk: a whole body of dots and unopened brackets costs about what a plain address of its length does', () => {
    // Cubic before: each ")" re-read the address. A 4,000-character body of them took seconds; this
    // 1,500-character one took over 10,000 times a plain one's parse; one walk keeps them within about
    // ten times of each other. A ratio within this run (best of three each), not a time: the box's
    // speed cancels out.
    const hostile = `https://x/${'.'.repeat(1_000)}${')'.repeat(500)}`;
    const plain = `https://x/${'a'.repeat(1_500)}`;
    expect(parseMarkup(hostile)).toEqual([link('https://x/'), text(hostile.slice('https://x/'.length))]);
    const bestOf = (body: string) => Math.min(...[1, 2, 3].map(() => timed(() => parseMarkup(body))));
    expect(bestOf(hostile) / bestOf(plain)).toBeLessThan(100);
  });

  it('marks mentions whole, a name with marks in it included, and formats around them', () => {
    // The caller's rules, reduced here to exact names.
    const names: Record<string, string> = { '@Ann Lee': 'u1', '@John_Doe': 'u2', '@Jane_Roe': 'u3' };
    const named = (text: string): MentionSegment[] =>
      text
        .split(/(@Ann Lee|@John_Doe|@Jane_Roe)/)
        .filter((part) => part !== '')
        .map((part) => (names[part] ? { text: part, userId: names[part] } : { text: part }));
    expect(parseMarkup('hi @Ann Lee, **now**', named)).toEqual([text('hi '), { kind: 'mention', text: '@Ann Lee', userId: 'u1' }, text(', '), { kind: 'strong', children: [text('now')] }]);
    expect(parseMarkup('@John_Doe and @Jane_Roe', named)).toEqual([{ kind: 'mention', text: '@John_Doe', userId: 'u2' }, text(' and '), { kind: 'mention', text: '@Jane_Roe', userId: 'u3' }]);
    expect(parseMarkup('**@Ann Lee**', named)).toEqual([{ kind: 'strong', children: [{ kind: 'mention', text: '@Ann Lee', userId: 'u1' }] }]);
  });
});

describe('plainTextOf', () => {
  it('drops the marks and keeps the words, for previews', () => {
    expect(plainTextOf('**Hi** _there_, run `npm test` at https://example.com ~~or not~~')).toBe('Hi there, run npm test at https://example.com or not');
    expect(plainTextOf('snake_case 2*3')).toBe('snake_case 2*3');
  });
});

function timed(work: () => unknown): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start);
}
