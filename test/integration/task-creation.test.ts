import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { db, tableName } from '../../shared/store/client.ts';
import { createTasks, type TaskDescriptor } from '../../shared/management/tasks.ts';
import { managementKeys } from '../../shared/management/keys.ts';

/**
 * Task creation (五)(六)(二十三) against DynamoDB Local: tasks go out as one transaction of conditional
 * puts per 100, and fall back to single puts when some exist — so a second run, a redelivered message or a
 * list naming a person twice creates nothing twice and the counts stay exact.
 */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(async () => {
  await p?.stop();
});

const task = (i: number): TaskDescriptor => ({
  kind: 'data-match',
  period: '2026-05',
  reference: `QC-260302-${String(9000 + i).padStart(4, '0')}-K`,
  type: 'dibao',
  county: '341602',
  township: '341602001',
  dueDate: '2026-06-15',
  applicant: '王*国',
  createdOn: '2026-05-10',
  createdBy: 'job:test',
});

describe('createTasks', () => {
  it('creates 250 tasks in transactions of 100, then a second run finds them all', async () => {
    const tasks = Array.from({ length: 250 }, (_, i) => task(i));
    expect(await createTasks(tasks)).toEqual({ created: 250, existing: 0 });
    expect(await createTasks(tasks)).toEqual({ created: 0, existing: 250 });
  });

  it('counts a task that exists among new ones exactly, and a descriptor given twice as existing', async () => {
    const fresh = [task(300), task(301), task(0), task(302), task(302)];
    expect(await createTasks(fresh)).toEqual({ created: 3, existing: 2 });
    const d = task(302);
    const item = await db().send(new GetCommand({ TableName: tableName(), Key: managementKeys.task(d.kind, d.period, d.reference), ConsistentRead: true }));
    expect(item.Item?.status).toBe('open');
  });
});
