import { highlightSegments } from './highlight';

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
