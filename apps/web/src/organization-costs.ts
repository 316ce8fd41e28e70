import { DEFAULT_TENANT_ID, type CostPrices, type CostReportResponse, type TenantCostLine, type TenantCostsResponse } from '@chat/contracts';
import { ChatApiError } from '@chat/sdk';
import { CATEGORY_TEXT, COST_CATEGORIES, driftShortText, driftText, isPriced, moneyText, pricesText, rangeText, usageText, type CostCategory } from './cost-format';
import { isCostPeriod, periodRange } from './cost-periods';
import { byId, h } from './dom';
import { errorText } from './error-text';
import { t } from './i18n/active-locale';
import type { SessionApi } from './session-api';

/**
 * The Organization dialog's Costs (R19.3): over the chosen period, what the organization used of
 * each priced category, its cost and the total in the server's currency, and any cost drift the
 * server flagged. Platform operators also get every organization, most expensive first. The server
 * decides who is one: its operators are administrators of its own organization (README, Cost
 * reports), so only those are asked for the report, and a 403 there means no and is not asked
 * again. Administrators of other organizations are never asked, so their consoles show no refusals.
 */
export class OrganizationCosts {
  private readonly period = byId<HTMLSelectElement>('organization-costs-period');
  private readonly range = byId('organization-costs-range');
  private readonly status = byId('organization-costs-status');
  private readonly drift = byId<HTMLUListElement>('organization-costs-drift');
  private readonly unpriced = byId('organization-costs-unpriced');
  private readonly head = byId<HTMLTableSectionElement>('organization-costs-head');
  private readonly rows = byId<HTMLTableSectionElement>('organization-costs');
  private readonly prices = byId('organization-costs-prices');
  private readonly report = byId('organization-cost-report');
  private readonly reportHead = byId<HTMLTableSectionElement>('organization-cost-report-head');
  private readonly reportRows = byId<HTMLTableSectionElement>('organization-cost-report-rows');
  private tenantId = '';
  /** Once the server said this login is no operator: a login's role does not change while the page lives. */
  private refused = false;
  /** Answers to an earlier period that arrive after a newer choice are dropped. */
  private asked = 0;

  constructor(private readonly api: SessionApi) {
    this.period.addEventListener('change', () => void this.refresh());
  }

  /** The costs of the administrator's organization. Never throws: a refused period (beyond COST_REPORT_MAX_DAYS) is said in the section itself. */
  async show(tenantId: string): Promise<void> {
    this.tenantId = tenantId;
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    const operator = this.tenantId === DEFAULT_TENANT_ID && !this.refused;
    const range = periodRange(isCostPeriod(this.period.value) ? this.period.value : 'thisMonth', new Date());
    const asked = ++this.asked;
    this.range.textContent = rangeText(range.from, range.to);
    const [own, all] = await Promise.allSettled([this.api.tenantCosts(range), operator ? this.api.costReport(range) : Promise.resolve(null)]);
    if (asked !== this.asked) return;
    this.drawOwn(own.status === 'fulfilled' ? own.value : null);
    if (all.status === 'rejected' && all.reason instanceof ChatApiError && all.reason.status === 403) this.refused = true;
    this.drawReport(all.status === 'fulfilled' ? all.value : null);
    // The same refusal (a range too long) comes from both: said once.
    const failure = own.status === 'rejected' ? own.reason : all.status === 'rejected' && !this.refused ? all.reason : null;
    this.status.textContent = failure ? errorText(failure) : '';
    this.status.hidden = !failure;
  }

  private drawOwn(costs: TenantCostsResponse | null): void {
    const priced = costs !== null && isPriced(costs.prices);
    this.unpriced.hidden = costs === null || priced;
    this.unpriced.textContent = t('costs.unpriced');
    this.prices.textContent = priced ? pricesText(costs.prices) : '';
    this.drift.replaceChildren(...(costs?.drift ?? []).map((d) => h('li', { 'data-day': d.day }, driftText(d, costs!.prices.currency))));
    if (!costs) {
      this.head.replaceChildren();
      this.rows.replaceChildren();
      return;
    }
    this.head.replaceChildren(h('tr', {}, h('th', { scope: 'col' }, t('costs.what')), h('th', { scope: 'col' }, t('costs.used')), priced ? h('th', { scope: 'col' }, t('costs.cost')) : null));
    const money = (n: number) => moneyText(n, costs.prices.currency);
    this.rows.replaceChildren(
      ...COST_CATEGORIES.map((c) => h('tr', { 'data-category': c }, h('th', { scope: 'row' }, t(CATEGORY_TEXT[c])), h('td', {}, usageText(c, costs.usage)), priced ? h('td', {}, money(costs.cost[c])) : null)),
      ...(priced ? [h('tr', { 'data-category': 'total', class: 'cost-total' }, h('th', { scope: 'row' }, t('costs.total')), h('td', {}), h('td', {}, money(costs.cost.total)))] : []),
    );
  }

  private drawReport(report: CostReportResponse | null): void {
    this.report.hidden = !report;
    if (!report) return;
    const headers = [t('costs.organization'), ...COST_CATEGORIES.map((c) => t(CATEGORY_TEXT[c])), t('costs.total'), t('costs.drift')];
    this.reportHead.replaceChildren(h('tr', {}, ...headers.map((text) => h('th', { scope: 'col' }, text))));
    this.reportRows.replaceChildren(...report.tenants.map((line) => this.reportRow(line, report)));
  }

  private reportRow(line: TenantCostLine, { prices, drift }: CostReportResponse): HTMLTableRowElement {
    const flags = drift.filter((d) => d.tenantId === line.tenantId);
    const priced = isPriced(prices);
    return h(
      'tr',
      { 'data-tenant': line.slug, 'data-drift': flags.length > 0 },
      h('th', { scope: 'row', dir: 'auto' }, line.slug),
      ...COST_CATEGORIES.map((c) => categoryCell(c, line, prices, priced)),
      h('td', { 'data-total': line.cost.total }, priced ? moneyText(line.cost.total, prices.currency) : t('costs.noDrift')),
      h('td', { class: flags.length ? 'cost-drift-flag' : null }, flags.length ? flags.map(driftShortText).join('; ') : t('costs.noDrift')),
    );
  }
}

/** Priced, a category's cost with its use in the tooltip; unpriced, its use (a cost of 0 would read as a bill). */
function categoryCell(category: CostCategory, line: TenantCostLine, prices: CostPrices, priced: boolean): HTMLTableCellElement {
  const used = usageText(category, line.usage);
  return priced ? h('td', { title: used }, moneyText(line.cost[category], prices.currency)) : h('td', {}, used);
}
