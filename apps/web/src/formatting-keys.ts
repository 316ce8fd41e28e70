/**
 * Keyboard shortcuts for a body's formatting marks (@chat/domain message-markup.ts) in a text box:
 * Ctrl (⌘ on a Mac) with B for bold, I for italic, E for inline code, Shift+X for struck text. The
 * selection is wrapped in the mark, or unwrapped when the mark is around it already; with nothing
 * selected the pair goes in with the caret between.
 */
const SHORTCUTS: { key: string; shift: boolean; mark: string }[] = [
  { key: 'b', shift: false, mark: '**' },
  { key: 'i', shift: false, mark: '_' },
  { key: 'e', shift: false, mark: '`' },
  { key: 'x', shift: true, mark: '~~' },
];

export interface TextSelection {
  value: string;
  start: number;
  end: number;
}

/** `value` with `[start, end)` wrapped in `mark`, or unwrapped when the mark is right around it; the selection keeps the same words. */
export function toggleMark({ value, start, end }: TextSelection, mark: string): TextSelection {
  const n = mark.length;
  if (value.slice(start - n, start) === mark && value.slice(end, end + n) === mark) {
    return { value: value.slice(0, start - n) + value.slice(start, end) + value.slice(end + n), start: start - n, end: end - n };
  }
  return { value: value.slice(0, start) + mark + value.slice(start, end) + mark + value.slice(end), start: start + n, end: end + n };
}

/** Applies the shortcuts to `input`; its `input` listeners hear each change, as if typed (drafts, typing, its height). */
export function bindFormattingKeys(input: HTMLTextAreaElement): void {
  input.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || e.isComposing) return;
    const shortcut = SHORTCUTS.find((s) => s.key === e.key.toLowerCase() && s.shift === e.shiftKey);
    if (!shortcut) return;
    e.preventDefault();
    const next = toggleMark({ value: input.value, start: input.selectionStart, end: input.selectionEnd }, shortcut.mark);
    input.value = next.value;
    input.setSelectionRange(next.start, next.end);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
