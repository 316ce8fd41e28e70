import type { Message } from '@chat/contracts';
import { h } from './dom';
import { bindFormattingKeys } from './formatting-keys';
import type { EditOutcome } from './message-actions';
import { t } from './i18n/active-locale';

/**
 * Editing one message in place: a box with its text under the (hidden) body. Enter or Save
 * saves, Shift+Enter adds a line, Escape or Cancel leaves it unchanged. The edit names the
 * version it started from; after a conflict it names the version that won, so a second Save
 * replaces that one knowingly. Closed, the focus goes back to the message's Edit button, or where
 * `refocus` puts it (the composer, when the edit was started from there).
 */
export function openEditor(
  bubble: HTMLElement,
  message: Message,
  currentVersion: () => number,
  save: (body: string, version: number) => Promise<EditOutcome>,
  refocus?: () => void,
): void {
  if (bubble.querySelector('.message-editor')) return bubble.querySelector<HTMLTextAreaElement>('.message-editor textarea')?.focus();
  let version = message.version;
  const input = h('textarea', { class: 'message-editor-input', 'aria-label': t('message.editLabel'), rows: 2, dir: 'auto' });
  input.value = message.body;
  const saveButton = h('button', { type: 'submit', class: 'button primary small' }, t('message.save'));
  const cancelButton = h('button', { type: 'button', class: 'button ghost small' }, t('message.cancel'));
  const form = h('form', { class: 'message-editor' }, input, h('div', { class: 'message-editor-buttons' }, saveButton, cancelButton));
  const body = bubble.querySelector<HTMLElement>('.body')!;
  const close = () => {
    form.remove();
    body.hidden = false;
    if (refocus) refocus();
    else bubble.closest('li')?.querySelector<HTMLButtonElement>('.message-toolbar button[data-control="toolbar Edit"]')?.focus();
  };
  const submit = async () => {
    const text = input.value;
    if (!text.trim()) {
      input.setCustomValidity(t('message.empty'));
      input.reportValidity();
      return;
    }
    if (text === message.body && version === message.version) return close();
    saveButton.disabled = true;
    const outcome = await save(text, version);
    saveButton.disabled = false;
    if (outcome.kind === 'saved') return close();
    if (outcome.kind === 'conflict') version = currentVersion();
    input.focus();
  };
  input.addEventListener('input', () => input.setCustomValidity(''));
  bindFormattingKeys(input);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void submit();
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void submit();
  });
  cancelButton.addEventListener('click', close);
  body.hidden = true;
  body.after(form);
  input.focus();
  input.setSelectionRange(input.value.length, input.value.length);
}
