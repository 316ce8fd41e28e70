import { WEEKDAYS, type Business, type BusinessHours, type RoutingStrategy, type User, type Weekday } from '@chat/contracts';
import { AvatarNodes } from './avatar';
import { intervalsText, parseIntervals, weekdayOf } from './business-hours';
import { actionButton, agentLabel } from './business-ui';
import { byId, h } from './dom';
import { errorText } from './error-text';
import { FormDialog } from './form-dialog';
import type { PeoplePicker } from './people-picker';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

/**
 * A business's settings for its owner: its id, name (customers find it by name),
 * routing, opening hours (one line of intervals per weekday in a time zone, or always open), and its
 * agents: added with the people picker, removed with a confirmation (their conversations go to
 * other agents).
 */
export class BusinessSettingsDialog {
  private readonly form = new FormDialog('business-settings-dialog', 'business-settings-form', () => this.save());
  private readonly saved = byId('business-settings-saved');
  private readonly idText = byId('business-settings-id');
  private readonly name = byId<HTMLInputElement>('business-settings-name');
  private readonly routing = byId<HTMLSelectElement>('business-settings-routing');
  private readonly alwaysOpen = byId<HTMLInputElement>('business-hours-always');
  private readonly hoursFields = byId('business-hours-fields');
  private readonly timeZone = byId<HTMLInputElement>('business-hours-zone');
  private readonly days = new Map<Weekday, HTMLInputElement>();
  private readonly agents = byId<HTMLUListElement>('business-agents');
  private readonly agentsStatus = byId('business-agents-status');
  /** The agents' avatars, per agent: adding or removing one redraws the list without loading the others' pictures again. */
  private readonly avatars = new AvatarNodes();
  private business: Business | null = null;

  constructor(
    private readonly api: SessionApi,
    private readonly picker: PeoplePicker,
    private readonly me: User,
    /** The business changed here (saved, agents added or removed). */
    private readonly onChanged: (business: Business) => void,
  ) {
    const dayList = byId('business-hours-days');
    for (const day of WEEKDAYS) {
      const input = h('input', { id: `business-hours-${day}`, autocomplete: 'off', placeholder: t('business.closed'), 'aria-describedby': 'business-hours-help' });
      this.days.set(day, input);
      dayList.append(h('div', { class: 'business-day' }, h('label', { for: input.id }, weekdayOf(day, 'long')), input));
    }
    this.alwaysOpen.addEventListener('change', () => (this.hoursFields.hidden = this.alwaysOpen.checked));
    byId('business-agents-add').addEventListener('click', () => void this.addAgents(this.picker.people));
  }

  show(business: Business): void {
    this.fill(business);
    this.picker.reset();
    this.saved.textContent = '';
    this.agentsStatus.textContent = '';
    this.form.open(this.name);
  }

  private fill(business: Business): void {
    this.business = business;
    this.idText.textContent = business.id;
    this.name.value = business.name;
    this.routing.value = business.routing;
    this.alwaysOpen.checked = business.hours === null;
    this.hoursFields.hidden = business.hours === null;
    this.timeZone.value = business.hours?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    for (const [day, input] of this.days) input.value = intervalsText(business.hours?.days[day]);
    this.renderAgents();
  }

  private async save(): Promise<void> {
    const hours = this.readHours();
    this.saved.textContent = '';
    if (typeof hours === 'string') return this.form.showError(hours);
    await this.form.submitting(async () => {
      this.agentsStatus.textContent = '';
      this.changed((await this.api.updateBusiness(this.business!.id, { name: this.name.value.trim(), routing: this.routing.value as RoutingStrategy, hours })).business);
      this.saved.textContent = t('features.saved');
    });
  }

  /** The hours as the form has them, or what is wrong with a day's line. */
  private readHours(): BusinessHours | null | string {
    if (this.alwaysOpen.checked) return null;
    const days: BusinessHours['days'] = {};
    for (const [day, input] of this.days) {
      const intervals = parseIntervals(input.value);
      if (!intervals) return t('business.badHours', { day: weekdayOf(day, 'long') });
      if (intervals.length) days[day] = intervals;
    }
    return { timeZone: this.timeZone.value.trim(), days };
  }

  private renderAgents(): void {
    const business = this.business!;
    const agents = business.agents ?? [];
    const rows = agents.map((agent) => {
      const name = agentLabel(agent, this.me);
      const remove = actionButton(t('people.removeLabel', { name }), t('header.remove'), 'button ghost small', (button) => void this.removeAgent(agent.id, name, button));
      return h('li', { class: 'person' }, this.avatars.draw(agent.id, agent.id, agent.displayName, agent.avatarUrl), h('span', { dir: 'auto' }, `${name} `), agent.id === business.ownerId ? h('span', { class: 'role' }, t('header.owner')) : null, remove);
    });
    // The picker leaves me out (it finds other people); the owner who stopped working the inbox may start again.
    if (!agents.some((a) => a.id === this.me.id)) {
      const addMe = actionButton(t('business.addMeLabel'), t('business.addMe'), 'button ghost small', () => void this.addAgents([this.me]));
      rows.push(h('li', { class: 'person muted' }, h('span', {}, t('business.notAgent')), addMe));
    }
    this.agents.replaceChildren(...rows);
    this.avatars.settle();
  }

  /** One at a time, in the order picked; the first refusal (e.g. BUSINESS_AGENTS_FULL) stops and is shown. */
  private async addAgents(people: User[]): Promise<void> {
    if (people.length === 0) {
      this.agentsStatus.textContent = t('business.choosePeople');
      return;
    }
    await this.run(async () => {
      for (const person of people) this.changed((await this.api.addBusinessAgent(this.business!.id, person.id)).business);
      this.picker.reset();
      this.agentsStatus.textContent = people.length === 1 ? t('business.agentAdded', { name: people[0].displayName }) : t('business.agentsAdded', { count: people.length });
    });
  }

  private async removeAgent(userId: string, name: string, button: HTMLButtonElement): Promise<void> {
    if (!confirm(t('business.confirmRemoveAgent', { name }))) return;
    button.setAttribute('aria-disabled', 'true');
    await this.run(async () => {
      await this.api.removeBusinessAgent(this.business!.id, userId);
      this.changed((await this.api.getBusiness(this.business!.id)).business);
      this.agentsStatus.textContent = t('business.agentRemoved', { name });
    });
    button.removeAttribute('aria-disabled'); // still shown when the removal failed
  }

  private changed(business: Business): void {
    this.business = business;
    this.renderAgents();
    this.onChanged(business);
  }

  /** An agents request, one at a time with the form's saving; its failure is said under the agents. */
  private async run(action: () => Promise<void>): Promise<void> {
    await this.form.exclusive(async () => {
      this.agentsStatus.textContent = '';
      try {
        await action();
      } catch (err) {
        this.agentsStatus.textContent = errorText(err);
      }
    });
  }
}
