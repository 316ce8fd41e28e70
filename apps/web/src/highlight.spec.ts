import { highlightSegments, searchSnippet } from './highlight';

describe('highlightSegments', () => {
  it('splits a highlight into marked and plain text, decoding the escapes', () => {
    expect(highlightSegments('say <mark>hello</mark> to &lt;b&gt; &amp; &quot;Tom&#39;s&quot;')).toEqual([
      { text: 'say ', marked: false },
      { text: 'hello', marked: true },
      { text: ' to <b> & "Tom\'s"', marked: false },
    ]);
  });

  it('leaves other markup-looking text as literal text', () => {
    expect(highlightSegments('<mark>&lt;img onerror=x&gt;</mark><b>')).toEqual([
      { text: '<img onerror=x>', marked: true },
      { text: '<b>', marked: false },
    ]);
  });

  it('decodes each escape once (no double unescaping)', () => {
    expect(highlightSegments('&amp;lt;')).toEqual([{ text: '&lt;', marked: false }]);
  });
});

describe('searchSnippet', () => {
  const text = (segments: { text: string; marked: boolean }[]) => segments.map((s) => (s.marked ? `[${s.text}]` : s.text)).join('');

  it('shows the body without its marks, the words the server marked marked again, though the excerpt cut a pair of "**" apart', () => {
    const body = '**Deploy on Friday** is _never_ a good idea';
    expect(text(searchSnippet('Deploy on <mark>Friday</mark>** is _never', body))).toBe('Deploy on [Friday] is never a good idea');
  });

  it('marks every place of each marked word, whole words only, as written', () => {
    expect(text(searchSnippet('<mark>run</mark> and <mark>Run</mark>', 'run, brunch, Run! rerun run'))).toBe('[run], brunch, [Run]! rerun [run]');
  });

  it('cuts a long body to about the excerpt’s length from a little before the first match, at a word, with "…" where cut', () => {
    const body = `${'word '.repeat(40)}the **needle** is here ${'more '.repeat(40)}`;
    const shown = text(searchSnippet(`word word the <mark>needle</mark> is here more more ${'x'.repeat(60)}`, body));
    expect(shown).toMatch(/^…word .*the \[needle\] is here more .*…$/);
    expect(shown.length).toBeLessThan(110);
  });

  it('shows the server’s excerpt where the marked words are not in the body’s text (a sealed body)', () => {
    expect(searchSnippet('a <mark>secret</mark>', 'e2ee:v1:AAAA')).toEqual([
      { text: 'a ', marked: false },
      { text: 'secret', marked: true },
    ]);
  });
});
