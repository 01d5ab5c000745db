import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { db, tableName } from '../../shared/store/client.ts';
import { PAGE_SIZE } from '../../shared/management/sweep.ts';
import { PAGES_PER_INVOCATION } from '../../shared/jobs/handover.ts';
import { benchCase } from '../bench/seed.ts';
import { writeItems } from './payments-support.ts';

/**
 * A county larger than one invocation's share of pages: the sweep hands over to a message behind the
 * tasks it sent (docs/architecture.md § Performance budgets), resumes from the key it carried, and every active case gets its task exactly once.
 */
let p: TestPlatform;
const CASES = PAGE_SIZE * PAGES_PER_INVOCATION + 101;

beforeAll(async () => {
  p = await startTestPlatform({ clock: new TestClock('2026-10-01T08:00:00+08:00') });
  // benchCase(4k) are all 低保 cases of the first county (谯城区), spread over its townships.
  await writeItems(Array.from({ length: CASES }, (_, k) => benchCase(4 * k) as unknown as Record<string, unknown>));
}, 120_000);
afterAll(() => p?.stop());

async function run(date: string) {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: { pk: 'JOB#dibao-q4-review', sk: date }, ConsistentRead: true }));
  return out.Item as { created?: number; existing?: number } | undefined;
}

async function taskCount(): Promise<number> {
  let n = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :t)',
        ExpressionAttributeValues: { ':pk': 'CTY#341602', ':t': 'TASK#' },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    n += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return n;
}

describe('the Q4 review over a county of more pages than one invocation reads', () => {
  it('hands over mid-county and creates one task per case', async () => {
    const report = (await p.runJob('dibao-q4-review', '2026-10-01')) as { scanned: number; handedOver: boolean };
    expect(report.handedOver).toBe(true);
    expect(report.scanned).toBe(PAGE_SIZE * PAGES_PER_INVOCATION); // the rest was swept by the continuation
    expect(await run('2026-10-01')).toMatchObject({ created: CASES });
    expect(await taskCount()).toBe(CASES);
    expect(p.queues.dlq.size).toBe(0);
  }, 240_000); // 1,101 cases through the queues: minutes when the whole suite shares 2 cores

  it('run again for the same date, it creates nothing twice', async () => {
    await p.runJob('dibao-q4-review', '2026-10-01');
    expect(await run('2026-10-01')).toMatchObject({ created: CASES, existing: CASES });
    expect(await taskCount()).toBe(CASES);
  }, 240_000);
});
