import type { Conversation, Message } from '@chat/contracts';
import { isModerator } from '@chat/domain';
import type { Composer } from './composer';
import type { ConversationPins } from './conversation-pins';
import { conversationLink } from './conversation-link';
import type { BrowserE2ee } from './e2ee/browser-e2ee';
import type { MyFeatures } from './feature-gates';
import { MessageActions } from './message-actions';
import type { MessageControlActions } from './message-controls';
import type { MessageListView } from './message-list-view';
import type { MessageReveal } from './message-reveal';
import type { Notifier } from './notifier';
import type { PaneMembers } from './pane-members';
import { quoteOf, quoteText } from './reply-quote';
import { t } from './i18n/active-locale';
import { ReportDialog } from './report-dialog';
import type { SessionApi } from './session-api';

export interface PaneMessageControlsDeps {
  me: string;
  api: SessionApi;
  notifier: Notifier;
  e2ee: Pick<BrowserE2ee, 'seal'>;
  composer: Pick<Composer, 'replyTo'>;
  members: Pick<PaneMembers, 'nameOf' | 'myRole'>;
  reveal: Pick<MessageReveal, 'reveal' | 'isUnreadable'>;
  pins: Pick<ConversationPins, 'isPinned' | 'refresh'>;
  /** Reactions and pins are offered only while their features are on for me. */
  features: Pick<MyFeatures, 'isOn'>;
  /** The open conversation (null: none). */
  openConversation(): Conversation | null;
  /** My reactions answered by the server: the list shows them. */
  setReactions: MessageListView['setReactions'];
  /** A message I deleted: the pane shows it deleted at once, as its frame would. */
  deleted(conversationId: string, messageId: string, seq: number): void;
  /** A reply's quote was chosen: the pane brings the answered message into view. */
  showQuoted(seq: number): void;
}

/**
 * What the buttons on each message of the open conversation (and the pinned bar's Unpin) may do
 * and what they do: the server's rules, from my role, the message and the features on for me, so
 * a button never leads to a certain refusal; an edit is sealed as the conversation's bodies are and
 * shown revealed.
 */
export class PaneMessageControls {
  private readonly actions: MessageActions;
  private readonly reports: ReportDialog;

  constructor(private readonly deps: PaneMessageControlsDeps) {
    this.actions = new MessageActions(deps.api, deps.notifier);
    this.reports = new ReportDialog(deps.api, deps.notifier);
  }

  /** The actions the message list's toolbars call. */
  forList(): MessageControlActions {
    const { deps, actions } = this;
    const me = deps.me;
    return {
      canDelete: (m) => !m.deletedAt && (m.senderId === me || isModerator(deps.members.myRole() ?? 'member')),
      canReact: () => deps.features.isOn('message-reactions'),
      toggleReaction: (m, emoji) =>
        void actions.toggleReaction(m, emoji).then((answer) => {
          if (answer && m.conversationId === this.openId()) deps.setReactions(m.id, answer.reactions, () => answer.myReactions);
        }),
      canEdit: (m) => m.senderId === me && !m.deletedAt && !deps.reveal.isUnreadable(m.id),
      canReport: (m) => m.senderId !== me && !m.deletedAt,
      report: (m) => this.reports.show(m),
      save: async (m, body, version) => {
        const outcome = await actions.edit(m, await deps.e2ee.seal(m.conversationId, body), version);
        if (outcome.kind !== 'saved') return outcome;
        const [shown] = await deps.reveal.reveal([outcome.message]);
        return { kind: 'saved', message: shown };
      },
      remove: (m) =>
        void actions.remove(m, m.senderId === me).then((deleted) => {
          if (deleted) deps.deleted(m.conversationId, m.id, m.seq);
        }),
      reply: (m) =>
        deps.composer.replyTo({ conversationId: m.conversationId, messageId: m.id, senderName: deps.members.nameOf(m.senderId), excerpt: quoteText(quoteOf(m), deps.reveal.isUnreadable(m.id)) }),
      showQuoted: (seq) => deps.showQuoted(seq),
      canPin: (m) => !m.deletedAt && this.maySetPins(),
      isPinned: (m) => deps.pins.isPinned(m.id),
      togglePin: (m) => void this.setPinned(m, !deps.pins.isPinned(m.id)),
      copyLink: (m) => {
        const link = conversationLink(location, m.conversationId, m.seq);
        // No clipboard outside a secure context (plain http): the link is shown to copy by hand.
        (navigator.clipboard?.writeText(link) ?? Promise.reject(new Error('no clipboard'))).then(
          () => deps.notifier.info(t('message.linkCopied')),
          () => deps.notifier.info(t('message.linkToCopy', { link })),
        );
      },
    };
  }

  /** While pins are on for me: in a channel only its owners and admins pin and unpin (the server's rule); elsewhere every member. */
  maySetPins(): boolean {
    const conversation = this.deps.openConversation();
    if (!conversation || !this.deps.features.isOn('message-pins')) return false;
    return conversation.type !== 'channel' || isModerator(this.deps.members.myRole() ?? 'member');
  }

  /** Fetched again at once, so the change shows here even before (or without) its frame. */
  async setPinned(message: Message, pinned: boolean): Promise<void> {
    if ((await this.actions.setPinned(message, pinned)) && message.conversationId === this.openId()) this.deps.pins.refresh();
  }

  private openId(): string | null {
    return this.deps.openConversation()?.id ?? null;
  }
}
