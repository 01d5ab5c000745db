import { addMonths } from '../calendar/dates.ts';
import { dateShanghai } from '../clock.ts';
import { invalidField } from '../errors.ts';
import { findCounty, findTownship } from '../reference/areas.ts';
import { queryPages } from '../store/query.ts';
import type { AlertItem } from './alerts.ts';
import type { TicketItem } from './tickets.ts';

/**
 * 政策找人 statistics per township and month for the county dashboard (十九)(二十三):
 *
 * - alerts **raised** in the month (by `raisedOn`); of those, **visited on time** (the outcome's visit date on
 *   or before the due date — the due date itself is in time, shared/calendar/due.ts), visited late, still open
 *   past the due date, and the outcomes **assisted**, **not in need**, referred, could not reach;
 * - 12345 tickets **received** in the month (by `receivedOn`); of those, **answered on time** (on or before the
 *   due date, as recorded when answered), answered late, still open past the due date.
 *
 * A month is the month the alert was raised or the ticket received, so a month's figures settle as its
 * alerts and tickets are closed. Counted from the items themselves (gsi3 `CTY#<county>`), read with a
 * projection, at most MAX_MONTHS months at a time.
 */
export const MAX_MONTHS = 12;
export const DEFAULT_MONTHS = 6;

export interface AlertCounts {
  raised: number;
  visitedOnTime: number;
  visitedLate: number;
  openOverdue: number;
  assisted: number;
  notInNeed: number;
  referred: number;
  unreachable: number;
}
export interface TicketCounts {
  received: number;
  answeredOnTime: number;
  answeredLate: number;
  openOverdue: number;
}
export interface MonitoringRow {
  township: string;
  townshipName: string;
  month: string;
  alerts: AlertCounts;
  tickets: TicketCounts;
}

type AlertFacts = Pick<AlertItem, 'township' | 'raisedOn' | 'dueDate' | 'status'> & { outcome?: Pick<NonNullable<AlertItem['outcome']>, 'outcome' | 'visitedOn'> };
type TicketFacts = Pick<TicketItem, 'township' | 'receivedOn' | 'dueDate' | 'status'> & { answer?: Pick<NonNullable<TicketItem['answer']>, 'answeredOn' | 'onTime'> };

const zeroAlerts = (): AlertCounts => ({ raised: 0, visitedOnTime: 0, visitedLate: 0, openOverdue: 0, assisted: 0, notInNeed: 0, referred: 0, unreachable: 0 });
const zeroTickets = (): TicketCounts => ({ received: 0, answeredOnTime: 0, answeredLate: 0, openOverdue: 0 });

/** The months from `from` to `to`, both `YYYY-MM`. */
export function monthsFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(`${m}-01`, 1).slice(0, 7)) out.push(m);
  return out;
}

/** The counts, pure: one row per township and month that has anything, ordered by township then month. */
export function tally(alerts: Iterable<AlertFacts>, tickets: Iterable<TicketFacts>, months: readonly string[], today: string): MonitoringRow[] {
  const inRange = new Set(months);
  const rows = new Map<string, MonitoringRow>();
  const row = (township: string, month: string) => {
    const key = `${township}#${month}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { township, townshipName: findTownship(township)?.name ?? township, month, alerts: zeroAlerts(), tickets: zeroTickets() }));
    return r;
  };
  for (const a of alerts) {
    const month = a.raisedOn.slice(0, 7);
    if (!inRange.has(month)) continue;
    const c = row(a.township, month).alerts;
    c.raised++;
    if (a.outcome) {
      if (a.outcome.visitedOn <= a.dueDate) c.visitedOnTime++;
      else c.visitedLate++;
      c[a.outcome.outcome]++;
    } else if (a.status === 'open' && a.dueDate < today) c.openOverdue++;
  }
  for (const t of tickets) {
    const month = t.receivedOn.slice(0, 7);
    if (!inRange.has(month)) continue;
    const c = row(t.township, month).tickets;
    c.received++;
    if (t.answer) {
      if (t.answer.onTime) c.answeredOnTime++;
      else c.answeredLate++;
    } else if (t.status === 'open' && t.dueDate < today) c.openOverdue++;
  }
  return [...rows.values()].sort((a, b) => a.township.localeCompare(b.township) || a.month.localeCompare(b.month));
}

async function* itemsOf<T>(county: string, prefix: string, projection: string, names: Record<string, string>): AsyncGenerator<T> {
  for await (const page of queryPages({
    IndexName: 'gsi3',
    KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :p)',
    ExpressionAttributeValues: { ':pk': `CTY#${county}`, ':p': prefix },
    ProjectionExpression: projection,
    ExpressionAttributeNames: names,
  }))
    for (const item of page.Items ?? []) yield item as T;
}

export async function monitoringStatistics(query: { county: string; from?: string | undefined; to?: string | undefined }, now: Date) {
  const today = dateShanghai(now);
  const to = query.to ?? today.slice(0, 7);
  const from = query.from ?? addMonths(`${to}-01`, -(DEFAULT_MONTHS - 1)).slice(0, 7);
  if (from > to) throw invalidField('from', 'order', '起始月份不能晚于截止月份');
  const months = monthsFrom(from, to);
  if (months.length > MAX_MONTHS) throw invalidField('from', 'range', `一次最多统计${MAX_MONTHS}个月`);
  const alerts: AlertFacts[] = [];
  for await (const a of itemsOf<AlertFacts>(query.county, 'MONALERT#', '#t, raisedOn, dueDate, #s, #o.#oo, #o.visitedOn', { '#t': 'township', '#s': 'status', '#o': 'outcome', '#oo': 'outcome' }))
    alerts.push(a);
  const tickets: TicketFacts[] = [];
  for await (const t of itemsOf<TicketFacts>(query.county, 'TICKET#', '#t, receivedOn, dueDate, #s, #a.answeredOn, #a.onTime', { '#t': 'township', '#s': 'status', '#a': 'answer' })) tickets.push(t);
  const rows = tally(alerts, tickets, months, today);
  const townships = new Map<string, { township: string; townshipName: string; alerts: AlertCounts; tickets: TicketCounts }>();
  for (const r of rows) {
    let t = townships.get(r.township);
    if (!t) townships.set(r.township, (t = { township: r.township, townshipName: r.townshipName, alerts: zeroAlerts(), tickets: zeroTickets() }));
    for (const k of Object.keys(r.alerts) as (keyof AlertCounts)[]) t.alerts[k] += r.alerts[k];
    for (const k of Object.keys(r.tickets) as (keyof TicketCounts)[]) t.tickets[k] += r.tickets[k];
  }
  return {
    county: query.county,
    countyName: findCounty(query.county)?.name ?? query.county,
    date: today,
    from,
    to,
    months,
    basis: '预警按发出月份、工单按受理月份统计；按期：走访日期或答复日期不晚于期限（期限当天仍为按期）',
    measure: '（十九）（二十三）',
    rows,
    townships: [...townships.values()],
  };
}
