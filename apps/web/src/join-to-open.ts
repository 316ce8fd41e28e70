import { ErrorCode } from '@chat/contracts';
import { ChatApiError } from '@chat/sdk';
import type { ConversationDirectory } from './conversation-directory';
import { errorText } from './error-text';
import type { SessionApi } from './session-api';

/**
 * A dialog's "open" on a conversation I may not be in yet (a public channel found by browsing or
 * searching): joins it first, with the button disabled while the join runs. ALREADY_MEMBER
 * (another tab joined meanwhile) is as good as joined. True when the conversation can be opened;
 * otherwise the reason is shown in `refusal` and the button works again. The refusal has an alert
 * of its own, not the dialog's search status, so a search answered later cannot wipe it out.
 */
export async function joinToOpen(
  api: SessionApi,
  directory: ConversationDirectory,
  target: { conversationId: string; member: boolean },
  button: HTMLButtonElement,
  refusal: HTMLElement,
): Promise<boolean> {
  if (button.getAttribute('aria-disabled')) return false;
  refusal.hidden = true;
  if (target.member) return true;
  button.setAttribute('aria-disabled', 'true');
  try {
    directory.upsert((await api.join(target.conversationId)).conversation);
    return true;
  } catch (err) {
    button.removeAttribute('aria-disabled');
    if (err instanceof ChatApiError && err.code === ErrorCode.ALREADY_MEMBER) return true;
    refusal.textContent = errorText(err);
    refusal.hidden = false;
    return false;
  }
}
