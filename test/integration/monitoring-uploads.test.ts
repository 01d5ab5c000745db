import { randomUUID } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { startS3, type LocalS3 } from '../../infra/local/s3.ts';
import { idNumber } from '../support/people.ts';
import { apply, must, HOME, OTHER_COUNTY } from './workflow-support.ts';
import { headerOf } from '../../shared/monitoring/formats.ts';
import { s3Client } from '../../shared/store/s3.ts';
import { db, tableName } from '../../shared/store/client.ts';

/**
 * Feeds larger than one request (issue 21) through a presigned S3 upload against DynamoDB Local and the local
 * S3 server: a 医保 file of 10,000 lines (about 300 KB, over the API's 256 KB body limit) is PUT straight to
 * the bucket, submitted, checked and stored on the queue, matched, and raises its one alert; a file with bad
 * lines is refused whole, every line named on the upload; the file with the ID numbers in clear is deleted
 * either way; submitting before the file is a 409; another county's upload is a 404.
 */
let p: TestPlatform;
let s3: LocalS3;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const idem = () => ({ 'idempotency-key': randomUUID() });
const POOR = idNumber('19490909', '991');
let medical: string;

beforeAll(async () => {
  s3 = await startS3();
  p = await startTestPlatform({ clock });
  const cw = await p.tokenFor('caseworker', { sub: 'up-cw', township: HOME.township });
  const ref = await apply(p, {
    type: 'dibao',
    applicant: { name: '褚老汉', idNumber: POOR, phone: '13800002222' },
    area: { ...HOME, residence: 'urban', hukou: 'local' },
    household: { members: [{ name: '褚老汉', idNumber: POOR, relation: 'self', monthlyIncomeFen: 50_000 }], assets: { financialFen: 0, vehicles: 0, properties: 1 } },
    consent: { economicCheck: true },
  });
  const householdId = (await must(p, cw, ref, 'accept')).registry.householdId as string;
  const r = await p.call('POST', `/api/v1/households/${householdId}/register`, {
    token: cw,
    headers: idem(),
    body: { action: 'enter', class: 'marginal', reason: '独居老人', since: '2026-03-01', entry: { by: 'assessment' } },
  });
  expect(r.status, r.text).toBe(200);
  medical = await p.tokenFor('department', { sub: 'up-yb', county: HOME.county, department: '市医保局' });
}, 120_000);
afterAll(async () => {
  await p?.stop();
  await s3?.stop();
});

/** 10,000 valid lines of strangers (births over 10 days × 1,000 sequences), one of them the registered household. */
function bigFeed(): string {
  const lines = [headerOf('medical')];
  for (let d = 0; d < 10; d++) for (let q = 0; q < 1000; q++) lines.push(`${idNumber(`198001${String(d + 10).padStart(2, '0')}`, String(q).padStart(3, '0'))},2026-02,120.50`);
  lines[5000] = `${POOR},2026-02,30000`;
  return lines.join('\r\n');
}

async function upload(csv: string, token = medical) {
  const bytes = Buffer.from(csv, 'utf8');
  const created = await p.call('POST', '/api/v1/monitoring/feed-uploads', {
    token,
    headers: idem(),
    body: { source: 'medical', asOf: '2026-02-28', document: '医保数据共享协议（大文件）', sizeBytes: bytes.length },
  });
  expect(created.status, created.text).toBe(201);
  return { created: created.body, bytes };
}
const put = (u: { url: string; headers: Record<string, string> }, bytes: Buffer) => fetch(u.url, { method: 'PUT', headers: u.headers, body: bytes });
const submit = (id: string, token = medical) => p.call('POST', `/api/v1/monitoring/feed-uploads/${id}/submit`, { token, body: {} });
const outcome = async (id: string, token = medical) => (await p.call('GET', `/api/v1/monitoring/feed-uploads/${id}`, { token })).body;
const gone = async (id: string) => {
  const item = (await db().send(new GetCommand({ TableName: tableName(), Key: { pk: `MONUPLOAD#${id}`, sk: 'UPLOAD' } }))).Item!;
  return s3Client()
    .send(new HeadObjectCommand({ Bucket: process.env.BUCKET_DOCUMENTS, Key: item.key }))
    .then(() => false)
    .catch(() => true);
};

describe('feeds through a presigned S3 upload', () => {
  it('a file of 10,000 lines: PUT to the bucket, submitted, stored, matched, one alert; the file is deleted', async () => {
    const csv = bigFeed();
    expect(Buffer.byteLength(csv)).toBeGreaterThan(256 * 1024);
    const { created, bytes } = await upload(csv);
    expect(created).toMatchObject({ status: 'awaiting-file', upload: { method: 'PUT' } });
    expect((await submit(created.id)).body.code).toBe('file-missing');
    const sent = await put(created.upload, bytes);
    expect(sent.status, await sent.text()).toBe(200);
    const queued = await submit(created.id);
    expect(queued.status, queued.text).toBe(202);
    expect(queued.body.status).toBe('queued');
    await p.queues.drain();
    const done = await outcome(created.id);
    expect(done).toMatchObject({ status: 'accepted', statusLabel: '已接收', duplicate: false });
    const feed = await p.call('GET', `/api/v1/monitoring/feeds/${done.feedId}`, { token: medical });
    expect(feed.body).toMatchObject({ status: 'matched', lines: 10_000, uploadedBy: 'up-yb', document: '医保数据共享协议（大文件）', result: { matched: 1, raised: 1 } });
    expect(await gone(created.id)).toBe(true);
    // Submitting again answers with the outcome; the same content in another upload is the same feed.
    expect((await submit(created.id)).body).toMatchObject({ status: 'accepted', feedId: done.feedId });
    const again = await upload(csv);
    await put(again.created.upload, again.bytes);
    await submit(again.created.id);
    await p.queues.drain();
    expect(await outcome(again.created.id)).toMatchObject({ status: 'accepted', feedId: done.feedId, duplicate: true });
  }, 180_000);

  it('a file with bad lines is refused whole, each line named, and deleted; sizes and counties are checked', async () => {
    const csv = [headerOf('medical'), `${POOR},2026-02,100`, '3416021958,2026-02,100', `${POOR},2026-13,100`].join('\n');
    const { created, bytes } = await upload(csv);
    expect((await put(created.upload, bytes)).status).toBe(200);
    expect((await submit(created.id)).status).toBe(202);
    await p.queues.drain();
    const refused = await outcome(created.id);
    expect(refused.status).toBe('refused');
    expect(refused.detail).toContain('整份数据未接收');
    expect(refused.errors.map((e: { field: string }) => e.field)).toEqual(['csv:3.idNumber', 'csv:4.periodEnd']);
    expect(await gone(created.id)).toBe(true);

    const other = await p.tokenFor('department', { sub: 'up-yb2', county: OTHER_COUNTY.county, department: '市医保局' });
    expect((await p.call('GET', `/api/v1/monitoring/feed-uploads/${created.id}`, { token: other })).status).toBe(404);
    const tooBig = await p.call('POST', '/api/v1/monitoring/feed-uploads', {
      token: medical,
      headers: idem(),
      body: { source: 'medical', asOf: '2026-02-28', document: '医保数据共享协议', sizeBytes: 60 * 1024 * 1024 },
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.errors[0].field).toBe('sizeBytes');
  }, 120_000);
});
