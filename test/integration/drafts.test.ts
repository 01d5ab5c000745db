import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { idNumber, spouseOf } from '../support/people.ts';
import { db, tableName } from '../../shared/store/client.ts';

/** Saved drafts (shared/cases/drafts.ts): sealed, resumed only with the code and the applicant's ID number. */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(async () => {
  await p.stop();
});

const id = idNumber('19610707', '761');
const answers = { type: 'dibao', applicant: { name: '张三', idNumber: id, phone: '13800001234' }, members: [{ name: '李四', idNumber: spouseOf(id), monthlyIncome: '300' }] };

describe('saved drafts', () => {
  let code: string;
  it('saves the answers sealed and gives a code that reads well over the phone', async () => {
    const res = await p.call('POST', '/api/v1/drafts', { body: { idNumber: id, answers } });
    expect(res.status, res.text).toBe(201);
    code = res.body.code;
    expect(code).toMatch(/^[2-9A-HJ-NP-RT-Y]{4}-[2-9A-HJ-NP-RT-Y]{4}-[2-9A-HJ-NP-RT-Y]{4}$/);
    expect(res.body.days).toBe(30);
    const items = (await db().send(new ScanCommand({ TableName: tableName(), FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': 'DRAFT#' } }))).Items ?? [];
    expect(items).toHaveLength(1);
    const raw = JSON.stringify(items);
    for (const secret of [id, spouseOf(id), '13800001234', '张三']) expect(raw).not.toContain(secret);
  });

  it('resumes with the code (any case, spaces or dashes) and the same ID number', async () => {
    const res = await p.call('POST', '/api/v1/drafts/resume', { body: { code: ` ${code.toLowerCase().replace(/-/g, ' ')} `, idNumber: id } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.answers).toEqual(answers);
  });

  it('answers a wrong ID number exactly like an unknown code, and refuses answers too large to keep', async () => {
    const wrong = await p.call('POST', '/api/v1/drafts/resume', { body: { code, idNumber: spouseOf(id) } });
    const unknown = await p.call('POST', '/api/v1/drafts/resume', { body: { code: 'AAAA-BBBB-CCCC', idNumber: id } });
    expect(wrong.status).toBe(404);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.text).not.toContain('张三');
    const big = await p.call('POST', '/api/v1/drafts', { body: { idNumber: id, answers: { note: '很'.repeat(12000) } } });
    expect(big.status).toBe(400);
    expect(big.body.errors[0].field).toBe('answers');
  });
});
