import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAcknowledged, type Acknowledgement } from '../../infra/local/durability.ts';
import { startPlatform, type Platform } from '../../infra/local/platform.ts';
import { idNumber } from '../support/people.ts';

/**
 * The journal of acknowledged writes on a kept DATA_DIR (infra/local/durability.ts) holds plain form
 * posts too: a form sent without JavaScript has no Idempotency-Key of its own, so the answer names the
 * key it was recorded under — a keyed hash of the answers, never a bare hash of an ID number.
 */
let p: Platform;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bozhou-journal-'));
  p = await startPlatform({ dataDir, s3: false, schedules: false });
});
afterAll(async () => {
  await p.stop();
});

const journal = (): Acknowledgement[] =>
  readFileSync(join(dataDir, 'acknowledged.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Acknowledgement);

const answers = () =>
  new URLSearchParams({
    type: 'dibao',
    'area.county': '341602',
    'area.township': '341602001',
    'area.residence': 'urban',
    'area.hukou': 'local',
    'applicant.name': '孙平安',
    'applicant.idNumber': idNumber('19570303', '515'),
    'applicant.phone': '13900005151',
    'household.members.0.monthlyIncome': '200',
    'household.assets.financial': '0',
    'household.assets.vehicles': '0',
    'household.assets.properties': '1',
    'consent.economicCheck': 'on',
    idempotencyToken: '',
  });

describe('the journal of acknowledged writes', () => {
  it('records a plain form post without a key, under the key its answer names', async () => {
    const post = () => fetch(`${p.url}/api/v1/applications`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: p.url, accept: 'text/html' }, body: answers() });
    const res = await post();
    const page = await res.text();
    expect(res.status, page.slice(0, 400)).toBe(201);
    const key = res.headers.get('idempotency-key')!;
    expect(key).toMatch(/^form-[0-9a-f]{40}$/);
    const entries = journal().filter((e) => e.key === key);
    expect(entries).toHaveLength(1);
    const reference = /[A-Z]{2}-\d{6}-\d{4}-[A-Z]/u.exec(page)![0];
    // The same answers again replay the first receipt under the same key.
    const again = await post();
    expect(again.headers.get('idempotency-key')).toBe(key);
    expect(await again.text()).toContain(reference);
    // The start-up check finds the journaled write in the table.
    expect(await checkAcknowledged(dataDir)).toMatchObject({ lost: [] });
  });

  it('does not journal an answer that is an error', async () => {
    const key = `journal-${Date.now()}`;
    const body = JSON.stringify({ type: 'dibao', area: { county: '341602', township: '341602001', residence: 'urban', hukou: 'local' } });
    const res = await fetch(`${p.url}/api/v1/applications`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body });
    expect(res.status).toBe(400); // incomplete: an error is not an acknowledged write
    expect(journal().some((e) => e.key === key)).toBe(false);
  });
});
