import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/store/client.ts';
import type { Platform } from '../../infra/local/platform.ts';
import { dibaoApplication, idNumber } from '../support/people.ts';
import type { Row } from './table.ts';

/**
 * docs/architecture.md § Performance budgets: the median apply and look-up through the local gateway against a bare DynamoDB Local
 * PutItem / GetItem of an item of the same size, measured in the same run.
 */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

export async function benchApi(platform: Platform, n = 300): Promise<Row[]> {
  const payload = JSON.stringify(dibaoApplication());
  const put = await timed(n, (i) => db().send(new PutCommand({ TableName: tableName(), Item: { pk: `BENCH#${i}`, sk: 'X', payload } })));
  const get = await timed(n, (i) => db().send(new GetCommand({ TableName: tableName(), Key: { pk: `BENCH#${i}`, sk: 'X' } })));

  const ids: string[] = [];
  const refs: string[] = [];
  const apply = await timed(n, async (i) => {
    const id = idNumber(`19${String(50 + (i % 40)).padStart(2, '0')}0101`, String(100 + (i % 899)).padStart(3, '0'), ['341602', '341621', '341622', '341623'][i % 4]);
    const res = await fetch(`${platform.url}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(dibaoApplication(id)),
    });
    const body = (await res.json()) as { reference: string };
    if (res.status !== 201) throw new Error(`apply ${res.status}`);
    ids.push(id);
    refs.push(body.reference);
  });
  const lookup = await timed(n, async (i) => {
    const res = await fetch(`${platform.url}/api/v1/applications/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reference: refs[i], idNumber: ids[i] }),
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`lookup ${res.status}`);
  });
  return [
    { name: `apply (median of ${n}) vs PutItem`, value: median(apply), unit: 'ms', baseline: median(put), ratio: median(apply) / median(put), budget: 1.5 },
    { name: `lookup (median of ${n}) vs GetItem`, value: median(lookup), unit: 'ms', baseline: median(get), ratio: median(lookup) / median(get), budget: 1.5 },
  ];
}
