/**
 * Keyboard shortcuts for a body's formatting marks (@chat/domain message-markup.ts) in a text box:
 * Ctrl (⌘ on a Mac, where Ctrl+B and Ctrl+E move the caret) with B for bold, I for italic, E for
 * code, Shift+X for struck text. The selection is wrapped in the mark, or unwrapped when the mark is
 * around it already; with nothing selected the pair goes in with the caret between.
 */
const SHORTCUTS: { key: string; shift: boolean; mark: string }[] = [
  { key: 'b', shift: false, mark: '**' },
  // "*", not "_": an "_" touching a mention (`_@Ann_`) reads as part of a word, and she would not be mentioned.
  { key: 'i', shift: false, mark: '*' },
  { key: 'e', shift: false, mark: '`' },
  { key: 'x', shift: true, mark: '~~' },
];
/** Inline code cannot cross a line; a selection of several lines becomes a code block. */
const CODE_BLOCK = '```';

export interface TextSelection {
  value: string;
  start: number;
  end: number;
}

/**
 * `value` with `[start, end)` wrapped in `mark`, or unwrapped when the mark is right around it; the
 * selection keeps the same words. Spaces at the selection's edges stay outside the mark (a closing
 * mark after a space is not read as one), as a double-click's trailing space would.
 */
export function toggleMark(selection: TextSelection, shortcutMark: string): TextSelection {
  const { value } = selection;
  let { start, end } = selection;
  while (start < end && /\s/.test(value[start]!)) start++;
  while (end > start && /\s/.test(value[end - 1]!)) end--;
  const mark = shortcutMark === '`' && value.slice(start, end).includes('\n') ? CODE_BLOCK : shortcutMark;
  const n = mark.length;
  if (isAround(value, start, end, mark)) {
    return { value: value.slice(0, start - n) + value.slice(start, end) + value.slice(end + n), start: start - n, end: end - n };
  }
  return { value: value.slice(0, start) + mark + value.slice(start, end) + mark + value.slice(end), start: start + n, end: end + n };
}

/**
 * Whether `mark` is right around `[start, end)`. Bold and italic share "*": the runs of it on each
 * side are counted, so that "**" around the words is bold and not italic, and "***" both.
 */
function isAround(value: string, start: number, end: number, mark: string): boolean {
  const char = mark[0]!;
  let before = 0;
  while (value[start - 1 - before] === char) before++;
  let after = 0;
  while (value[end + after] === char) after++;
  if (mark === '*') return before % 2 === 1 && after % 2 === 1;
  return before >= mark.length && after >= mark.length;
}

/** Applies the shortcuts to `input`; its `input` listeners hear each change, as if typed (drafts, typing, its height). */
export function bindFormattingKeys(input: HTMLTextAreaElement): void {
  const onAMac = /Mac|iPhone|iPad/.test(navigator.platform);
  input.addEventListener('keydown', (e) => {
    if (!(onAMac ? e.metaKey && !e.ctrlKey : e.ctrlKey) || e.altKey || e.isComposing) return;
    const shortcut = SHORTCUTS.find((s) => s.key === e.key.toLowerCase() && s.shift === e.shiftKey);
    if (!shortcut) return;
    e.preventDefault();
    const next = toggleMark({ value: input.value, start: input.selectionStart, end: input.selectionEnd }, shortcut.mark);
    input.value = next.value;
    input.setSelectionRange(next.start, next.end);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
