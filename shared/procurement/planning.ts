import { requirePlace } from '../access/scope.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { conflict, notFound } from '../errors.ts';
import { isoShanghai } from '../clock.ts';
import { parametersOn } from '../policy/store.ts';
import { purchaseAllocation, type AssistanceFunds } from '../rules/purchase.ts';
import type { TraceStep } from '../rules/trace.ts';
import { procKeys } from './keys.ts';
import { busy, commit, get, T, type Actor } from './store.ts';

/**
 * Measure (十八): each county keeps a yearly 政府购买社会救助服务清单, and an allocation (额度) of 1 %
 * of the year's assistance funds from the four levels, computed by shared/rules/purchase.ts with its
 * trace. Spending is tracked on the budget item: `committedFen` (awards), `paidFen` (payments) and
 * `remainingFen` = allocation − committed, which an award decrements under the condition
 * `remainingFen >= :amount` inside its own transaction — two awards racing for the last yuan cannot
 * both pass.
 */
export interface ServiceEntry {
  id: string;
  name: string;
  description: string;
  unit: string;
  serves: string;
}

export interface ServiceList {
  county: string;
  year: number;
  services: ServiceEntry[];
  version: number;
  updatedAt: string;
}

export interface Budget {
  county: string;
  year: number;
  funds: AssistanceFunds;
  totalFundsFen: number;
  allocationFen: number;
  trace: TraceStep[];
  committedFen: number;
  paidFen: number;
  remainingFen: number;
  version: number;
  updatedAt: string;
}

/** A stored tender's or contract's county against the caller's reach (shared/access/scope.ts). */
export const ownCounty = (actor: Actor, county: string): void => requirePlace(actor, county);

export async function saveServiceList(actor: Actor, input: { county: string; year: number; services: ServiceEntry[] }, now: Date): Promise<ServiceList> {
  if (new Set(input.services.map((s) => s.id)).size !== input.services.length) throw conflict('duplicate-service', '清单中的服务编号不能重复。');
  const current = await get<ServiceList>(procKeys.serviceList(input.county, input.year));
  const list: ServiceList = { county: input.county, year: input.year, services: input.services, version: (current?.version ?? 0) + 1, updatedAt: isoShanghai(now) };
  await commit({
    items: [
      {
        Put: {
          TableName: T(),
          Item: { ...procKeys.serviceList(input.county, input.year), kind: 'serviceList', ...list, gsi4pk: 'PROC#LISTS', gsi4sk: `${input.year}#${input.county}`, schemaVersion: SCHEMA_VERSION },
          ...(current ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': current.version } } : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
    ],
    audit: { aggregate: `servicelist#${input.county}#${input.year}`, actor, action: 'save-service-list', at: list.updatedAt, before: current, after: list },
    answer: { status: 200, body: list },
    now,
    onConflict: busy,
  });
  return list;
}

export async function readServiceList(county: string, year: number): Promise<ServiceList> {
  const list = await get<ServiceList & { pk: string }>(procKeys.serviceList(county, year));
  if (!list) throw notFound('no-service-list', `${county} ${year}年尚未发布政府购买社会救助服务清单。`);
  return strip(list);
}

export async function saveBudget(actor: Actor, input: { county: string; year: number; funds: AssistanceFunds }, now: Date): Promise<Budget> {
  const params = await parametersOn(`${input.year}-01-01`);
  const { totalFundsFen, allocationFen, trace } = purchaseAllocation(input.funds, params);
  const current = await get<Budget>(procKeys.budget(input.county, input.year));
  const committed = current?.committedFen ?? 0;
  if (allocationFen < committed) {
    throw conflict('allocation-below-commitments', `调整后的额度${allocationFen}分低于已承诺的${committed}分，不能调减到已签约金额以下（十八）。`);
  }
  const budget: Budget = {
    county: input.county,
    year: input.year,
    funds: input.funds,
    totalFundsFen,
    allocationFen,
    trace,
    committedFen: committed,
    paidFen: current?.paidFen ?? 0,
    remainingFen: allocationFen - committed,
    version: (current?.version ?? 0) + 1,
    updatedAt: isoShanghai(now),
  };
  await commit({
    items: [
      {
        Put: {
          TableName: T(),
          Item: { ...procKeys.budget(input.county, input.year), kind: 'purchaseBudget', ...budget, schemaVersion: SCHEMA_VERSION },
          // `committedFen = :c` as well as the version: an award landing meanwhile must not be overwritten.
          ...(current
            ? { ConditionExpression: 'version = :v AND committedFen = :c', ExpressionAttributeValues: { ':v': current.version, ':c': committed } }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
    ],
    audit: { aggregate: `budget#${input.county}#${input.year}`, actor, action: 'save-budget', at: budget.updatedAt, before: current, after: budget },
    answer: { status: 200, body: budget },
    now,
    onConflict: busy,
  });
  return budget;
}

export async function readBudget(county: string, year: number): Promise<Budget> {
  const b = await get<Budget & { pk: string }>(procKeys.budget(county, year));
  if (!b) throw notFound('no-budget', `${county} ${year}年尚未录入社会救助资金和购买服务额度。`);
  return strip(b);
}

/** The award's commitment against the allocation: fails (atomically) when less than `amountFen` remains. */
export const commitItem = (county: string, year: number, amountFen: number) => ({
  Update: {
    TableName: T(),
    Key: procKeys.budget(county, year),
    UpdateExpression: 'SET remainingFen = remainingFen - :a, committedFen = committedFen + :a, version = version + :one',
    ConditionExpression: 'remainingFen >= :a',
    ExpressionAttributeValues: { ':a': amountFen, ':one': 1 },
  },
});

/** A cancelled award gives its commitment back to the allocation (in the cancellation's transaction). */
export const releaseItem = (county: string, year: number, amountFen: number) => ({
  Update: {
    TableName: T(),
    Key: procKeys.budget(county, year),
    UpdateExpression: 'SET remainingFen = remainingFen + :a, committedFen = committedFen - :a, version = version + :one',
    ConditionExpression: 'committedFen >= :a',
    ExpressionAttributeValues: { ':a': amountFen, ':one': 1 },
  },
});

/** A payment is already inside a commitment; it only moves `paidFen`. */
export const paymentItem = (county: string, year: number, amountFen: number) => ({
  Update: {
    TableName: T(),
    Key: procKeys.budget(county, year),
    UpdateExpression: 'SET paidFen = paidFen + :a, version = version + :one',
    // DynamoDB conditions have no arithmetic; the contract item's own condition keeps payments within its value.
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':a': amountFen, ':one': 1 },
  },
});

export function strip<X extends object>(item: X): X {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, gsi3pk: _e, gsi3sk: _f, gsi4pk: _g, gsi4sk: _h, schemaVersion: _v, kind: _k, ...rest } = item as Record<string, unknown>;
  return rest as X;
}
