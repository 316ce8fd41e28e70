import type { User } from '@chat/contracts';
import { byId, debounce, h } from './dom';
import { errorText } from './error-text';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

/** People shown per search: enough to pick from while typing a name. */
const SHOWN = 8;

/**
 * Picks people for a group or direct conversation (or a business's agents) by the start of their
 * username or display name (GET /v1/users), so nobody has to exchange user ids. Chosen people are
 * listed with Remove. `idPrefix` names its elements in index.html: `<prefix>-search`,
 * `<prefix>-results` and `<prefix>-chosen`.
 */
export class PeoplePicker {
  private readonly input: HTMLInputElement;
  private readonly results: HTMLUListElement;
  private readonly chosenList: HTMLUListElement;
  private readonly chosen = new Map<string, User>();
  /** People not offered (e.g. already members of the conversation they would be added to). */
  private excluded = new Set<string>();
  /** Answers to an older search are dropped when a newer one was started. */
  private request = 0;

  constructor(
    private readonly api: SessionApi,
    private readonly meId: string,
    idPrefix = 'create-people',
  ) {
    this.input = byId<HTMLInputElement>(`${idPrefix}-search`);
    this.results = byId<HTMLUListElement>(`${idPrefix}-results`);
    this.chosenList = byId<HTMLUListElement>(`${idPrefix}-chosen`);
    this.input.addEventListener('input', debounce(() => void this.search(), 200));
  }

  get ids(): string[] {
    return [...this.chosen.keys()];
  }

  get people(): User[] {
    return [...this.chosen.values()];
  }

  /** Empties the choice; `exclude` are not offered until the next reset. */
  reset(exclude: readonly string[] = []): void {
    this.excluded = new Set(exclude);
    this.chosen.clear();
    this.input.value = '';
    this.results.replaceChildren();
    this.render();
  }

  private async search(): Promise<void> {
    const q = this.input.value.trim();
    const request = ++this.request;
    if (!q) return this.results.replaceChildren();
    try {
      const { users } = await this.api.findUsers({ q, limit: SHOWN });
      if (request !== this.request) return;
      const offered = users.filter((u) => u.id !== this.meId && !this.chosen.has(u.id) && !this.excluded.has(u.id));
      this.results.replaceChildren(...(offered.length ? offered.map((u) => this.result(u)) : [h('li', { class: 'muted small-text' }, t('people.nobody', { q }))]));
    } catch (err) {
      if (request === this.request) this.results.replaceChildren(h('li', { class: 'form-error' }, errorText(err)));
    }
  }

  private result(user: User): HTMLLIElement {
    const add = h('button', { type: 'button', class: 'button ghost small', 'aria-label': t('people.addLabel', { name: user.displayName }) }, t('people.add'));
    add.addEventListener('click', () => {
      this.chosen.set(user.id, user);
      this.input.value = '';
      this.results.replaceChildren();
      this.render();
      this.input.focus();
    });
    return h('li', { class: 'person' }, h('span', { dir: 'auto' }, `${user.displayName} `), h('span', { class: 'muted small-text' }, `@${user.username} `), add);
  }

  /** Takes one person off the chosen list (e.g. once they were added). */
  drop(userId: string): void {
    this.chosen.delete(userId);
    this.render();
  }

  private render(): void {
    this.chosenList.replaceChildren(
      ...[...this.chosen.values()].map((user) => {
        const remove = h('button', { type: 'button', class: 'button ghost small', 'aria-label': t('people.removeLabel', { name: user.displayName }) }, '×');
        remove.addEventListener('click', () => {
          this.chosen.delete(user.id);
          this.render();
        });
        return h('li', { class: 'person chosen' }, h('span', { dir: 'auto' }, `${user.displayName} `), remove);
      }),
    );
  }
}
