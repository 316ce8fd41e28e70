import { byId, h } from './dom';
import { membersMatching, mentionedIn, mentionQueryAt, type MentionQuery, type Mentionable, type NamedMember } from './mention-text';

/** Members offered at once: enough to choose from while typing a name. */
const SHOWN = 8;

/**
 * "@" in the message box: typing "@" and the start of a name (at the start or after a space)
 * offers the open conversation's members whose name or username fits, in a list under the box's
 * control (the box keeps the focus: aria-activedescendant names the option that Enter or Tab would
 * pick; the arrow keys move it, Escape closes the list). Picking one writes "@Display Name " in
 * place of what was typed and remembers who it was (the text alone would not say who "@Ann" was).
 * The picks are the open box's: the composer keeps them with each conversation's draft and hands
 * them back when it is opened again. At send, the members still named in the text are the
 * message's `mentions`; deleting a name drops its mention.
 */
export class MentionPicker {
  private readonly list = byId<HTMLUListElement>('composer-mentions');
  private conversationId: string | null = null;
  private members: readonly Mentionable[] = [];
  /** Who was picked in the open conversation's box, as the name written then. */
  private picked: readonly NamedMember[] = [];
  private offered: Mentionable[] = [];
  private active = 0;
  private query: MentionQuery | null = null;
  /** The "@" whose list Escape closed: it stays closed while that name is typed on. */
  private dismissedAt: number | null = null;

  /** `input` names the list in index.html (aria-controls, aria-autocomplete). */
  constructor(private readonly input: HTMLTextAreaElement) {
    input.addEventListener('input', () => this.refresh());
    input.addEventListener('click', () => this.refresh());
    input.addEventListener('keyup', (e) => {
      if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) this.refresh();
    });
    input.addEventListener('blur', () => this.close());
    // Pressing an option must not take the focus from the box: the click picks it, and typing goes on.
    this.list.addEventListener('mousedown', (e) => e.preventDefault());
  }

  /** Another conversation's box, with who its draft picked: the list closes. */
  open(conversationId: string | null, picks: readonly NamedMember[]): void {
    this.conversationId = conversationId;
    this.picked = picks;
    this.members = [];
    this.dismissedAt = null;
    this.close();
  }

  /** The members who may be mentioned in a conversation (without me); ignored unless it is the open one. */
  offer(conversationId: string, members: readonly Mentionable[]): void {
    if (conversationId !== this.conversationId) return;
    this.members = members;
    if (this.query) this.refresh();
  }

  /** Who was picked in the box so far (whether or not the text still names them), to keep with its draft. */
  get picks(): readonly NamedMember[] {
    return this.picked;
  }

  /** The members the text of a send from the box still names, if any; the picks are done with. */
  take(text: string): string[] | undefined {
    const ids = mentionedIn(text, this.picked);
    this.forget();
    return ids.length ? ids : undefined;
  }

  /** The box's draft is done with (sent, or its conversation left or deleted): nobody is picked, the list closes. */
  forget(): void {
    this.picked = [];
    this.close();
  }

  /** The box's keys while the list is open; true when the key was the list's (the composer leaves it alone). */
  keydown(e: KeyboardEvent): boolean {
    if (!this.query || e.isComposing || e.altKey || e.ctrlKey || e.metaKey) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') this.move(e.key === 'ArrowDown' ? 1 : -1);
    else if ((e.key === 'Enter' && !e.shiftKey) || (e.key === 'Tab' && !e.shiftKey)) this.pick(this.offered[this.active]!);
    else if (e.key === 'Escape') {
      this.dismissedAt = this.query.start;
      this.close();
    } else return false;
    e.preventDefault();
    return true;
  }

  /** Opens, narrows or closes the list for the "@partial" at the caret. */
  private refresh(): void {
    const { selectionStart, selectionEnd, value } = this.input;
    const query = selectionStart === selectionEnd ? mentionQueryAt(value, selectionStart) : null;
    if (query?.start !== this.dismissedAt) this.dismissedAt = null;
    const offered = query && this.dismissedAt === null ? membersMatching(this.members, query.query, SHOWN) : [];
    if (!query || offered.length === 0) return this.close();
    const stillActive = offered.findIndex((m) => m.userId === this.offered[this.active]?.userId);
    this.query = query;
    this.offered = offered;
    this.active = Math.max(stillActive, 0);
    this.draw();
  }

  private move(by: number): void {
    this.active = (this.active + by + this.offered.length) % this.offered.length;
    this.draw();
  }

  /** "@partial" becomes "@Display Name " and the caret goes after it. */
  private pick(member: Mentionable): void {
    const { query, conversationId } = this;
    if (!query || !conversationId) return;
    if (!this.picked.some((p) => p.userId === member.userId && p.name === member.displayName)) this.picked = [...this.picked, { userId: member.userId, name: member.displayName }];
    this.input.setRangeText(`@${member.displayName} `, query.start, this.input.selectionStart, 'end');
    this.close();
    // As if typed: the draft is saved, the others see me typing and the box grows to fit.
    this.input.dispatchEvent(new Event('input', { bubbles: true }));
  }

  private draw(): void {
    this.list.replaceChildren(
      ...this.offered.map((member, i) => {
        const option = h(
          'li',
          { id: `composer-mention-${i}`, class: 'mention-option', role: 'option', 'aria-selected': String(i === this.active) },
          h('span', { class: 'mention-name', dir: 'auto' }, member.displayName),
          ' ',
          h('span', { class: 'mention-username' }, `@${member.username}`),
        );
        option.addEventListener('click', () => this.pick(member));
        return option;
      }),
    );
    this.list.hidden = false;
    this.input.setAttribute('aria-activedescendant', `composer-mention-${this.active}`);
    this.list.querySelector<HTMLElement>('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }

  private close(): void {
    this.query = null;
    this.offered = [];
    this.active = 0;
    this.list.hidden = true;
    this.list.replaceChildren();
    this.input.removeAttribute('aria-activedescendant');
  }
}
