import type { ConversationSummary } from '@chat/contracts';
import type { ConversationDirectory } from './conversation-directory';
import { t } from './i18n/active-locale';

type Counted = Pick<ConversationSummary, 'unreadCount' | 'unreadMentionCount' | 'muted'>;

/**
 * What the browser tab says, so a chat in a background tab shows that something came in:
 * `(N) <open conversation> · Chat`. N is my unread messages as the sidebar's badges count them, a
 * muted conversation's only those addressed to me (its "@" count); no N when nothing is unread,
 * no conversation part when none is open.
 */
export function tabTitle(conversations: readonly Counted[], openTitle: string | null, appName: string): string {
  const unread = conversations.reduce((sum, c) => sum + (c.muted ? c.unreadMentionCount : c.unreadCount), 0);
  const title = openTitle === null ? appName : `${openTitle} · ${appName}`;
  return unread > 0 ? `(${unread}) ${title}` : title;
}

/**
 * Keeps `document.title` to tabTitle of my conversation list and the open one; `render` on every
 * change of the list (counts, read pointers, the open one, renames). Logging out reloads the page,
 * whose `<title>` is the plain app name.
 */
export class TabTitle {
  constructor(private readonly directory: ConversationDirectory) {}

  render(): void {
    const open = this.directory.active === null ? undefined : this.directory.get(this.directory.active);
    document.title = tabTitle(this.directory.list(), open ? this.directory.titleOf(open) : null, t('markup.appName'));
  }
}
