import type { Conversation, ConversationMember, MemberRole } from '@chat/contracts';
import { isModerator, outranks } from '@chat/domain';
import { AvatarNodes } from './avatar';
import { byId, h } from './dom';
import { TYPE_SYMBOL, presenceText, typeLabel } from './format';
import { t } from './i18n/active-locale';

export interface HeaderActions {
  back(): void;
  leave(): void;
  remove(): void;
  /** Owners and admins: remove a member (they may come back) or ban them (they may not). */
  moderate(member: ConversationMember, action: ModerationChoice): void;
  showModerationLog(): void;
  /** Groups (any member) and channels (owners and admins): invite people. */
  addPeople(): void;
  /** Groups (any member) and channels (owners and admins): name and description. */
  edit(): void;
  /** Owners and admins of groups and channels: close it, or reopen it if it is closed. */
  toggleClosed(): void;
  /** The owner: make a member an admin, or an admin a member again. */
  changeRole(member: ConversationMember, role: MemberRole): void;
}

export type ModerationChoice = 'remove' | 'ban';

const ROLE_LABEL = { owner: 'header.owner', admin: 'header.admin', member: null } as const;

/**
 * Title bar of the open conversation and its member panel. Leave and Delete are offered only
 * where the server would allow them (no leaving a direct conversation; only the owner deletes),
 * so buttons never lead to a certain refusal.
 */
export class ConversationHeader {
  private readonly title = byId('pane-title');
  private readonly subtitle = byId('pane-subtitle');
  private readonly leaveButton = byId<HTMLButtonElement>('leave-button');
  private readonly deleteButton = byId<HTMLButtonElement>('delete-button');
  private readonly moderationButton = byId<HTMLButtonElement>('moderation-button');
  private readonly membersButton = byId<HTMLButtonElement>('members-button');
  private readonly addPeopleButton = byId<HTMLButtonElement>('add-people-button');
  private readonly editButton = byId<HTMLButtonElement>('edit-conversation-button');
  private readonly closeButton = byId<HTMLButtonElement>('close-conversation-button');
  private readonly membersPanel = byId('members-panel');
  private readonly memberList = byId<HTMLUListElement>('member-list');
  /** Members' avatars, per person: presence and role changes redraw the list without loading pictures again. */
  private readonly avatars = new AvatarNodes();

  constructor(
    private readonly meId: string,
    private readonly actions: HeaderActions,
  ) {
    byId('back-button').addEventListener('click', () => actions.back());
    this.leaveButton.addEventListener('click', () => actions.leave());
    this.deleteButton.addEventListener('click', () => actions.remove());
    this.moderationButton.addEventListener('click', () => actions.showModerationLog());
    this.membersButton.addEventListener('click', () => this.toggleMembers());
    this.addPeopleButton.addEventListener('click', () => actions.addPeople());
    this.editButton.addEventListener('click', () => actions.edit());
    this.closeButton.addEventListener('click', () => actions.toggleClosed());
  }

  /** `viewers`: who has the conversation open now, me included (seed 001: who is present in the room). */
  render(conversation: Conversation, title: string, members: ConversationMember[], viewers: ReadonlySet<string>): void {
    this.title.replaceChildren(
      h('span', { class: `conversation-symbol type-${conversation.type}`, 'aria-hidden': 'true' }, TYPE_SYMBOL[conversation.type]),
      h('span', { class: 'visually-hidden' }, t('list.kind', { kind: typeLabel(conversation.type) })),
      h('span', { dir: 'auto' }, title),
    );
    if (conversation.e2ee) this.title.append(h('span', { class: 'e2ee-badge', title: t('e2ee.badgeHelp') }, h('span', { 'aria-hidden': 'true' }, '🔒 '), t('e2ee.badge')));
    // A direct conversation is about one other person: whether they are there says more than "2 members".
    const other = conversation.type === 'direct' ? members.find((m) => m.userId !== this.meId) : undefined;
    // Said only when someone besides me is here: alone, "1 here now" would be noise.
    const someoneHere = [...viewers].some((id) => id !== this.meId);
    if (other) this.subtitle.replaceChildren(presenceNode(other), viewers.has(other.userId) ? h('span', { class: 'subtitle-here' }, ` · ${t('header.here')}`) : '');
    else {
      const parts = [t('header.members', { count: members.length || conversation.memberCount })];
      if (conversation.type === 'channel') parts.unshift(t(conversation.visibility === 'public' ? 'header.publicChannel' : 'header.privateChannel'));
      if (conversation.type === 'business') parts.unshift(t('type.business'));
      if (someoneHere) parts.push(t('header.hereCount', { count: viewers.size }));
      if (conversation.description) parts.push(conversation.description);
      this.subtitle.textContent = parts.join(' · ');
    }
    this.subtitle.dir = 'auto';

    const myRole = members.find((m) => m.userId === this.meId)?.role;
    // Direct and business conversations keep their members: nobody leaves, is removed or banned there.
    const fixedMembers = conversation.type === 'direct' || conversation.type === 'business';
    this.leaveButton.hidden = fixedMembers;
    this.deleteButton.hidden = myRole !== 'owner';
    this.moderationButton.hidden = fixedMembers || myRole === undefined || !isModerator(myRole);
    // The server's rule (assertCanAddMember, assertCanUpdate): in a group every member, in a channel its owners and admins.
    const mayManage = myRole !== undefined && (conversation.type === 'group' || (conversation.type === 'channel' && isModerator(myRole)));
    this.addPeopleButton.hidden = !mayManage;
    this.editButton.hidden = !mayManage;
    // The server's rule (assertCanClose): owners and admins of a group or channel.
    this.closeButton.hidden = myRole === undefined || !isModerator(myRole) || (conversation.type !== 'group' && conversation.type !== 'channel');
    this.closeButton.textContent = t(conversation.status === 'closed' ? 'header.reopenConversation' : 'header.closeConversation');
    this.membersButton.textContent = t('header.membersButton', { count: members.length || conversation.memberCount });
    this.renderMembers(members, fixedMembers ? undefined : myRole, viewers);
  }

  /** `moderatorRole`: my role where I may moderate (not in a direct or business conversation). */
  private renderMembers(members: ConversationMember[], moderatorRole: MemberRole | undefined, viewers: ReadonlySet<string>): void {
    // The server's own rule, so the buttons never lead to a certain refusal.
    const canModerate = (m: ConversationMember) => moderatorRole !== undefined && m.userId !== this.meId && outranks(moderatorRole, m.role);
    const sorted = [...members].sort((a, b) => a.displayName.localeCompare(b.displayName));
    this.memberList.replaceChildren(
      ...sorted.map((m) =>
        h(
          'li',
          { class: 'member' },
          // Their picture, or initials (alt text and initials from the name, which the line says anyway).
          this.avatars.draw(m.userId, m.userId, m.displayName, m.avatarUrl ?? null),
          // Presence from the member list, then from presence frames; in words too, not colour alone.
          h('span', { class: `presence presence-${m.presence}`, title: presenceText(m.presence, m.lastSeenAt), 'aria-hidden': 'true' }),
          h('span', { class: 'member-name', dir: 'auto' }, m.userId === this.meId ? t('header.you', { name: m.displayName }) : m.displayName),
          h('span', { class: 'visually-hidden member-presence' }, `, ${presenceText(m.presence, m.lastSeenAt)}`),
          viewers.has(m.userId) ? h('span', { class: 'member-here' }, t('header.here')) : null,
          ROLE_LABEL[m.role] ? h('span', { class: 'role' }, t(ROLE_LABEL[m.role]!)) : null,
          canModerate(m)
            ? h('span', { class: 'member-actions' }, moderatorRole === 'owner' ? this.roleButton(m) : null, this.memberButton(m, 'remove', t('header.remove')), this.memberButton(m, 'ban', t('header.ban')))
            : null,
        ),
      ),
    );
    this.avatars.settle();
  }

  private memberButton(member: ConversationMember, action: ModerationChoice, label: string): HTMLElement {
    const button = h('button', { type: 'button', class: 'button ghost small', 'aria-label': t('header.memberAction', { action: label, name: member.displayName }) }, label);
    button.addEventListener('click', () => this.actions.moderate(member, action));
    return button;
  }

  /** Only the owner changes roles (assertCanChangeRole); ownership itself is not given away here. */
  private roleButton(member: ConversationMember): HTMLElement {
    const label = t(member.role === 'admin' ? 'header.removeAdmin' : 'header.makeAdmin');
    const button = h('button', { type: 'button', class: 'button ghost small', 'aria-label': t('header.memberAction', { action: label, name: member.displayName }) }, label);
    button.addEventListener('click', () => this.actions.changeRole(member, member.role === 'admin' ? 'member' : 'admin'));
    return button;
  }

  private toggleMembers(): void {
    const open = this.membersPanel.hidden;
    this.membersPanel.hidden = !open;
    this.membersButton.setAttribute('aria-expanded', String(open));
  }
}

/** A member's presence as a dot and words (the dot alone would be colour only). */
function presenceNode(member: ConversationMember): HTMLElement {
  return h(
    'span',
    { class: 'subtitle-presence', 'data-presence': member.presence },
    h('span', { class: `presence presence-${member.presence}`, 'aria-hidden': 'true' }),
    presenceText(member.presence, member.lastSeenAt),
  );
}
