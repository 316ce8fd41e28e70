import { MARK_END, MARK_START, markedToHtml } from './highlight';

describe('markedToHtml', () => {
  it('wraps marked words in <mark> and escapes everything else', () => {
    expect(markedToHtml(`say ${MARK_START}hello${MARK_END} to <b>"Tom" & 'Jerry'</b>`)).toBe('say <mark>hello</mark> to &lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;');
  });

  it('never emits markup that came from the text, even inside a mark', () => {
    expect(markedToHtml(`${MARK_START}<img src=x onerror=alert(1)>${MARK_END}`)).toBe('<mark>&lt;img src=x onerror=alert(1)&gt;</mark>');
  });

  it('keeps marks balanced when the text itself contains marker characters', () => {
    expect(markedToHtml(`a${MARK_END}b${MARK_START}c${MARK_START}d`)).toBe('ab<mark>cd</mark>');
  });

  it('leaves non-ASCII text and emoji intact', () => {
    expect(markedToHtml(`${MARK_START}café${MARK_END} 👋 שלום`)).toBe('<mark>café</mark> 👋 שלום');
  });
});
