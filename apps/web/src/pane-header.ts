import type { Conversation, ConversationMember, ConversationStatus } from '@chat/contracts';
import { AddPeopleDialog } from './add-people-dialog';
import { ConversationHeader } from './conversation-header';
import type { ConversationDirectory } from './conversation-directory';
import { EditConversationDialog } from './edit-conversation-dialog';
import { MembershipActions, type MembershipDeps } from './membership-actions';
import { ModerationLogDialog } from './moderation-log-dialog';
import { PeoplePicker } from './people-picker';
import { t } from './i18n/active-locale';

export interface PaneHeaderDeps extends MembershipDeps {
  meId: string;
  directory: ConversationDirectory;
  /** The open conversation (null: none) and its members, when a button is pressed. */
  openConversation(): Conversation | null;
  members(): ConversationMember[];
  /** Who has the open conversation open now (PaneViewers). */
  viewers(): ReadonlySet<string>;
  /** Back: the pane closes. */
  close(): void;
  /** Members were added or a role changed: the pane loads the members again. */
  reloadMembers(): void;
  /** The conversation's name or settings were edited here. */
  conversationUpdated(conversation: Conversation): void;
}

/**
 * The open conversation's header and what its buttons do: back, leave and delete, moderation and
 * roles (membership-actions.ts), adding people, editing, closing and reopening, the moderation log. Each acts on the
 * conversation open when it is pressed.
 */
export class PaneHeader {
  private readonly header: ConversationHeader;
  /** Also opened by a `message.reported` notice (chat-app.ts). */
  readonly moderationLog: ModerationLogDialog;

  constructor(private readonly deps: PaneHeaderDeps) {
    const { api, notifier, directory } = deps;
    const open = () => deps.openConversation();
    this.moderationLog = new ModerationLogDialog(api);
    const memberships = new MembershipActions(deps);
    const addPeople = new AddPeopleDialog(api, new PeoplePicker(api, deps.meId, 'add-people'), (c, names) => {
      notifier.info(t('addPeople.added', { title: directory.titleOf(c), names: names.join(', ') }));
      if (c.id === open()?.id) deps.reloadMembers();
    });
    const editDialog = new EditConversationDialog(api, (c) => {
      directory.upsert(c);
      deps.conversationUpdated(c);
    });
    /** Runs `act` on the conversation open when the button is pressed, if one is. */
    const onOpen = (act: (c: Conversation) => unknown) => {
      const conversation = open();
      if (conversation) void act(conversation);
    };
    this.header = new ConversationHeader(deps.meId, {
      back: () => deps.close(),
      leave: () => onOpen((c) => memberships.leave(c)),
      remove: () => onOpen((c) => memberships.delete(c)),
      moderate: (member, action) => onOpen((c) => memberships.moderate(c, member, action)),
      showModerationLog: () => onOpen((c) => this.moderationLog.show(c.id)),
      addPeople: () => onOpen((c) => addPeople.show(c, deps.members().map((m) => m.userId))),
      edit: () => onOpen((c) => editDialog.show(c)),
      toggleClosed: () => onOpen((c) => this.setStatus(c, c.status === 'closed' ? 'open' : 'closed')),
      changeRole: (member, role) => onOpen((c) => memberships.changeRole(c, member, role).then((changed) => changed && deps.reloadMembers())),
    });
  }

  /** Closes or reopens `c`; the pane follows the answer at once (members hear it as `conversation.updated`). */
  private async setStatus(c: Conversation, status: ConversationStatus): Promise<void> {
    const { api, directory, notifier } = this.deps;
    try {
      const { conversation } = await (status === 'closed' ? api.closeConversation(c.id) : api.reopenConversation(c.id));
      directory.upsert(conversation);
      this.deps.conversationUpdated(conversation);
      notifier.info(t(status === 'closed' ? 'header.closedConversation' : 'header.reopenedConversation', { title: directory.titleOf(conversation) }));
    } catch (err) {
      notifier.error(err);
    }
  }

  /** Draws the open conversation's title, members and buttons (nothing while none is open). */
  render(): void {
    const conversation = this.deps.openConversation();
    if (conversation) this.header.render(conversation, this.deps.directory.titleOf(conversation), this.deps.members(), this.deps.viewers());
  }
}
