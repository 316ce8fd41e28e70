/** Cell formatting for the markdown tables: fixed, readable precision; '–' for missing. */
export const MISSING = '–';

export function num(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A count or rate as a whole number, or with one decimal when it has a fraction (37.5 msg/s, rooms of 50). */
/** The load's delivery acknowledgements, for a report's heading; nothing when the sockets send none. */
export function deliveryAcksNote(intervalMs: number): string {
  return intervalMs > 0 ? `; each socket acknowledges delivery at most once per conversation per ${num(intervalMs)} ms` : '';
}

export function wholeOrTenths(value: number): string {
  return num(value, value % 1 ? 1 : 0);
}

export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return `${num(value, value < 10 ? 2 : value < 100 ? 1 : 0)} ms`;
}

export function mb(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? MISSING : `${num(bytes / 1024 / 1024, 1)} MB`;
}

export function kb(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? MISSING : `${num(bytes / 1024, 1)} KB`;
}

export function pct(value: number | null | undefined, digits = 0): string {
  return value === null || value === undefined || !Number.isFinite(value) ? MISSING : `${num(value, digits)} %`;
}

/** A ratio as "0.82×"; '–' when there is none. */
export function times(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? MISSING : `${num(value, 2)}×`;
}

export function seconds(msValue: number | null | undefined): string {
  return msValue === null || msValue === undefined ? MISSING : `${num(msValue / 1000, 2)} s`;
}
