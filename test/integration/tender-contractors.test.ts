import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { startS3, type LocalS3 } from '../../infra/local/s3.ts';
import { countItems } from '../support/people.ts';
import { creditCodeCheckChar } from '../../shared/identifiers/credit-code.ts';
import { checkRelease } from '../../shared/procurement/ocds/validate.ts';
import { PROCUREMENT_PREFIXES } from '../../shared/procurement/keys.ts';

/**
 * What a contractor needs of a tender (issue 24), over HTTP against DynamoDB Local and the local S3 gate:
 * 采购文件 uploaded by the county (presigned PUT), read back and hashed by the platform, in the OCDS
 * release, downloaded by contractors through presigned URLs.
 */
let p: TestPlatform;
let s3: LocalS3;
const clock = new TestClock('2026-06-01T09:00:00+08:00');
const tokens: Record<string, string> = {};
const QC = '341602';
const GY = '341621';

const creditCode = (n: number): string => {
  const first17 = `52${QC}00000${String(n).padStart(4, '0')}`;
  return first17 + creditCodeCheckChar(first17);
};
const call = (method: string, path: string, who?: string, body?: unknown, idem = false) =>
  p.call(method, path, { ...(who ? { token: tokens[who] } : {}), ...(body !== undefined ? { body } : {}), ...(idem ? { headers: { 'idempotency-key': randomUUID() } } : {}) });

const PEOPLE = [
  ['cty-a', 'county', { county: QC }],
  ['cty-gy', 'county', { county: GY }],
  ['admin', 'admin', {}],
  ['auditor', 'auditor', {}],
  ['c-1', 'contractor', { organisation: 'c-1' }],
  ['c-2', 'contractor', { organisation: 'c-2' }],
  ['c-3', 'contractor', { organisation: 'c-3' }],
] as const;

async function at(iso: string) {
  clock.set(iso);
  await Promise.all(PEOPLE.map(async ([name, role, scope]) => (tokens[name] = await p.tokenFor(role, { sub: name, ...scope }))));
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const tenderBody = (documents: { key: string; title: string }[], over: Record<string, unknown> = {}) => ({
  year: 2026,
  serviceId: 'visit',
  title: '2026年特困分散供养人员探访照料服务',
  description: '为分散供养特困人员提供每月探访、生活照料和精神慰藉服务。',
  method: 'open',
  valueCapFen: 30_000_000,
  deadline: '2026-06-30T09:30:00+08:00',
  criteria: [
    { id: 'price', name: '价格', kind: 'price', weight: 30 },
    { id: 'plan', name: '服务方案', kind: 'technical', weight: 70 },
  ],
  documents,
  ...over,
});

/** Asks for an upload and PUTs the bytes to the presigned URL, as the workbench does. */
async function upload(bytes: Buffer, contentType = 'application/pdf', who = 'cty-a', county = QC): Promise<string> {
  const r = await call('POST', '/api/v1/tender-documents', who, { county, contentType, size: bytes.length });
  expect(r.status).toBe(201);
  const put = await fetch(r.body.upload.url, { method: 'PUT', headers: r.body.upload.headers, body: bytes });
  expect(put.status).toBe(200);
  return r.body.key as string;
}

beforeAll(async () => {
  s3 = await startS3();
  p = await startTestPlatform({ clock });
  await at('2026-06-01T09:00:00+08:00');
  for (const [county, officer] of [
    [QC, 'cty-a'],
    [GY, 'cty-gy'],
  ] as const) {
    const list = await call('POST', '/api/v1/service-lists', officer, {
      county,
      year: 2026,
      services: [{ id: 'visit', name: '探访照料', description: '入户探访和生活照料', unit: '人·月', serves: '分散供养特困人员' }],
    });
    expect(list.status).toBe(200);
    const budget = await call('POST', '/api/v1/budgets', officer, {
      county,
      year: 2026,
      funds: { centralFen: 2_500_000_000, provincialFen: 1_250_000_000, municipalFen: 625_000_000, countyFen: 625_000_000 },
    });
    expect(budget.status).toBe(200);
  }
  for (const n of [1, 2, 3]) {
    expect((await call('POST', '/api/v1/contractors', `c-${n}`, { name: `亳州市第${n}社会工作服务中心`, creditCode: creditCode(n), contact: '项目负责人' }, true)).status).toBe(201);
    expect((await call('POST', `/api/v1/contractors/c-${n}/verification`, 'admin', { decision: 'verified', note: '材料齐全' })).status).toBe(200);
  }
}, 120_000);

afterAll(async () => {
  await p?.stop();
  await s3?.stop();
});

describe('tender documents: upload, hash, download', () => {
  let tenderId = '';
  let documentId = '';

  it('uploads a PDF, hashes the stored object itself, and puts the hash in the OCDS release', async () => {
    const key = await upload(PDF);
    const contact = { name: '谯城区民政局社会救助股', phone: '0558-5123456', address: '亳州市谯城区民政局' };
    const t = await call('POST', '/api/v1/tenders', 'cty-a', tenderBody([{ key, title: '招标文件' }], { contact }), true);
    expect(t.status).toBe(201);
    tenderId = t.body.id;
    expect((await call('GET', `/api/v1/tenders/${tenderId}`)).body.contact).toEqual(contact);
    const badPhone = await call('POST', '/api/v1/tenders', 'cty-a', tenderBody([], { contact: { ...contact, phone: 'call me' } }), true);
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.errors[0].field).toBe('contact.phone');
    const detail = await call('GET', `/api/v1/tenders/${tenderId}`);
    expect(detail.body.documents).toEqual([{ id: expect.stringMatching(/^D[0-9a-f]{10}$/), title: '招标文件', contentType: 'application/pdf', size: PDF.length, sha256: sha256(PDF) }]);
    documentId = detail.body.documents[0].id;

    const record = await call('GET', `/api/v1/ocds/records/ocds-bozhou-${tenderId}`);
    expect(record.status).toBe(200);
    const compiled = record.body.records[0].compiledRelease;
    expect(checkRelease(compiled).errors).toEqual([]);
    const doc = compiled.tender.documents[0];
    expect(doc).toMatchObject({ id: documentId, documentType: 'biddingDocuments', format: 'application/pdf' });
    expect(doc.description).toContain(sha256(PDF));
    expect(compiled.parties.find((x: { roles: string[] }) => x.roles.includes('buyer')).contactPoint).toEqual({ name: contact.name, telephone: contact.phone });
    for (const r of record.body.records[0].releases) expect(checkRelease(r).errors).toEqual([]);
  });

  it('lets a contractor download it through a presigned URL; the bytes match the published hash', async () => {
    const r = await call('GET', `/api/v1/tenders/${tenderId}/documents/${documentId}`, 'c-1');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ sha256: sha256(PDF), size: PDF.length, fileName: '招标文件.pdf', expiresIn: 600 });
    const file = await fetch(r.body.url);
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(sha256(bytes)).toBe(r.body.sha256);
    expect(file.headers.get('content-disposition')).toContain(encodeURIComponent('招标文件.pdf'));
    // The same object without the signature is refused by the S3 gate, as S3 would.
    expect((await fetch(r.body.url.split('?')[0])).status).toBe(403);
    // The auditor may read it too; another county's officer, or nobody signed in, may not.
    expect((await call('GET', `/api/v1/tenders/${tenderId}/documents/${documentId}`, 'auditor')).status).toBe(200);
    expect((await call('GET', `/api/v1/tenders/${tenderId}/documents/${documentId}`, 'cty-gy')).status).toBe(403);
    expect((await call('GET', `/api/v1/tenders/${tenderId}/documents/${documentId}`)).status).toBe(401);
    const missing = await call('GET', `/api/v1/tenders/${tenderId}/documents/D0000000000`, 'c-1');
    expect(missing.status).toBe(404);
  });

  it('refuses a wrong type or size when the upload is asked for, naming the field in Chinese', async () => {
    const exe = await call('POST', '/api/v1/tender-documents', 'cty-a', { county: QC, contentType: 'application/x-msdownload', size: 1000 });
    expect(exe.status).toBe(400);
    expect(exe.body.errors[0]).toMatchObject({ field: 'contentType', code: 'type-not-allowed' });
    expect(exe.body.errors[0].message).toContain('PDF');
    const big = await call('POST', '/api/v1/tender-documents', 'cty-a', { county: QC, contentType: 'application/pdf', size: 20 * 1024 * 1024 + 1 });
    expect(big.status).toBe(400);
    expect(big.body.errors[0]).toMatchObject({ field: 'size', code: 'too-large' });
    expect(big.body.errors[0].message).toContain('20 MB');
    // Another county's officer cannot ask for uploads into 谯城区.
    expect((await call('POST', '/api/v1/tender-documents', 'cty-gy', { county: QC, contentType: 'application/pdf', size: 1000 })).status).toBe(403);
  });

  it('checks the stored object, not what the client says: wrong content, missing upload, another county, a client hash', async () => {
    const before = await countItems(PROCUREMENT_PREFIXES);
    const fake = await upload(Buffer.from('MZ this is not a PDF at all'));
    const r1 = await call('POST', '/api/v1/tenders', 'cty-a', tenderBody([{ key: fake, title: '招标文件' }]), true);
    expect(r1.status).toBe(400);
    expect(r1.body.errors[0]).toMatchObject({ field: 'documents.0.key', code: 'type-mismatch' });

    const asked = await call('POST', '/api/v1/tender-documents', 'cty-a', { county: QC, contentType: 'application/pdf', size: PDF.length });
    const r2 = await call('POST', '/api/v1/tenders', 'cty-a', tenderBody([{ key: asked.body.key, title: '招标文件' }]), true);
    expect(r2.status).toBe(400);
    expect(r2.body.errors[0]).toMatchObject({ field: 'documents.0.key', code: 'not-uploaded' });

    const theirs = await upload(PDF, 'application/pdf', 'cty-gy', GY);
    const r3 = await call('POST', '/api/v1/tenders', 'cty-a', tenderBody([{ key: theirs, title: '招标文件' }]), true);
    expect(r3.status).toBe(400);
    expect(r3.body.errors[0]).toMatchObject({ field: 'documents.0.key', code: 'other-county' });

    const typed = await call('POST', '/api/v1/tenders', 'cty-a', tenderBody([{ key: 'tenders/2026/visit/招标文件.pdf', title: '招标文件' }]), true);
    expect(typed.status).toBe(400);
    expect(typed.body.errors[0]).toMatchObject({ field: 'documents.0.key', code: 'not-uploaded' });

    const key = await upload(PDF);
    const hashed = await call('POST', '/api/v1/tenders', 'cty-a', tenderBody([{ key, title: '招标文件', sha256: '0'.repeat(64) } as never]), true);
    expect(hashed.status).toBe(400);
    expect(await countItems(PROCUREMENT_PREFIXES)).toBe(before);
  });

  it('an amendment that replaces the documents hashes the new file and keeps the old reading of the kept one', async () => {
    await at('2026-06-02T09:00:00+08:00');
    const detail = await call('GET', `/api/v1/tenders/${tenderId}`);
    const v2 = Buffer.concat([PDF, Buffer.from('% 更正\n')]);
    const key2 = await upload(v2);
    const first = detail.body.documents[0];
    const amended = await call('POST', `/api/v1/tenders/${tenderId}/amendments`, 'cty-a', {
      rationale: '补充服务标准附件',
      // A document the tender already holds is named by its id; a new one by its upload key.
      documents: [
        { key: first.id, title: '招标文件' },
        { key: key2, title: '服务标准（更正）' },
      ],
    });
    expect(amended.status).toBe(200);
    const docs = (await call('GET', `/api/v1/tenders/${tenderId}`)).body.documents;
    expect(docs.map((d: { sha256: string }) => d.sha256)).toEqual([sha256(PDF), sha256(v2)]);
    const record = await call('GET', `/api/v1/ocds/records/ocds-bozhou-${tenderId}`);
    expect(checkRelease(record.body.records[0].compiledRelease).errors).toEqual([]);
    expect(record.body.records[0].compiledRelease.tender.documents).toHaveLength(2);
  });
});

describe('bid receipts carry a short code a person can read out', () => {
  it('gives each receipt a 10-character code beside the full hash; the bidder finds it by code, however typed', async () => {
    await at('2026-06-02T10:00:00+08:00');
    const tenderId = (await call('GET', '/api/v1/tenders')).body.items.find((t: { documents: unknown[] }) => t.documents.length === 2).id;
    const same = { priceFen: 20_000_000, technicalProposal: '每月入户探访一次，建立服务档案，紧急情况24小时响应。', documents: [] };
    const one = await call('POST', `/api/v1/tenders/${tenderId}/bids`, 'c-1', same, true);
    const two = await call('POST', `/api/v1/tenders/${tenderId}/bids`, 'c-2', same, true);
    expect(one.status).toBe(201);
    expect(two.status).toBe(201);
    const r1 = one.body.receipt;
    expect(r1.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r1.code).toMatch(/^[0-9A-HJ-NPQRTUWXY]{5}-[0-9A-HJ-NPQRTUWXY]{5}$/);
    // Identical contents give the same hash, never the same code.
    expect(two.body.receipt.sha256).toBe(r1.sha256);
    expect(two.body.receipt.code).not.toBe(r1.code);

    const found = await call('GET', `/api/v1/bids/receipts/${encodeURIComponent(r1.code.toLowerCase().replace('-', ' '))}`, 'c-1');
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ code: r1.code, tenderId, sha256: r1.sha256, submittedAt: r1.submittedAt, current: true });
    // Another bidder's code answers as an unknown one; a malformed code names the field.
    const theirs = await call('GET', `/api/v1/bids/receipts/${r1.code}`, 'c-2');
    const unknown = await call('GET', '/api/v1/bids/receipts/22222-22222', 'c-2');
    expect(theirs.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(theirs.body.code).toBe(unknown.body.code);
    const bad = await call('GET', '/api/v1/bids/receipts/ABC', 'c-1');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('code');
    expect((await call('GET', `/api/v1/bids/receipts/${r1.code}`, 'cty-a')).status).toBe(403);

    // A replacement gets its own code; the old one still finds its receipt and says it was replaced.
    await at('2026-06-02T11:00:00+08:00');
    const again = await call('POST', `/api/v1/tenders/${tenderId}/bids`, 'c-1', { ...same, priceFen: 19_000_000 }, true);
    expect(again.body.receipt.code).not.toBe(r1.code);
    expect((await call('GET', `/api/v1/bids/receipts/${r1.code}`, 'c-1')).body.current).toBe(false);
    expect((await call('GET', `/api/v1/bids/receipts/${again.body.receipt.code}`, 'c-1')).body.current).toBe(true);
    const mine = await call('GET', `/api/v1/tenders/${tenderId}/bids/mine`, 'c-1');
    expect(mine.body.receipt.code).toBe(again.body.receipt.code);
    expect(mine.body.superseded[0].code).toBe(r1.code);
  });
});

describe('clarifications: asked by a contractor, answered by the county, published to every bidder', () => {
  let tenderId = '';
  const questions: string[] = [];

  it('a verified contractor asks before the deadline; others do not see the open question', async () => {
    await at('2026-06-02T09:00:00+08:00');
    const t = await call('POST', '/api/v1/tenders', 'cty-a', tenderBody([], { deadline: '2026-06-30T09:30:00+08:00' }), true);
    expect(t.status).toBe(201);
    tenderId = t.body.id;
    for (const [who, q] of [
      ['c-1', '服务对象名单是否由采购人提供？'],
      ['c-2', '每月探访次数是否可以按服务对象的需要增加？'],
    ] as const) {
      const r = await call('POST', `/api/v1/tenders/${tenderId}/clarifications`, who, { question: q }, true);
      expect(r.status).toBe(201);
      questions.push(r.body.id);
    }
    const mine = await call('GET', `/api/v1/tenders/${tenderId}/clarifications`, 'c-2');
    expect(mine.status).toBe(200);
    expect(mine.body.published).toEqual([]);
    expect(mine.body.mine.map((c: { id: string }) => c.id)).toEqual([questions[1]]);
    expect(mine.text).not.toContain('c-1');
    const county = await call('GET', `/api/v1/tenders/${tenderId}/clarifications`, 'cty-a');
    expect(county.body.questions.map((c: { organisation: string }) => c.organisation).sort()).toEqual(['c-1', 'c-2']);
    const empty = await call('POST', `/api/v1/tenders/${tenderId}/clarifications`, 'c-3', { question: '' }, true);
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe('question');
  });

  it('an answer that does not change the documents leaves the deadline; only the tender’s county may answer', async () => {
    await at('2026-06-05T09:00:00+08:00');
    expect((await call('POST', `/api/v1/tenders/${tenderId}/clarifications/${questions[0]}/answer`, 'cty-gy', { answer: '由采购人提供。', changesDocuments: false })).status).toBe(403);
    const r = await call('POST', `/api/v1/tenders/${tenderId}/clarifications/${questions[0]}/answer`, 'cty-a', { answer: '由采购人在合同签订后提供，投标时不需要。', changesDocuments: false });
    expect(r.status).toBe(200);
    expect(r.body.deadline).toBe('2026-06-30T09:30:00+08:00');
    const again = await call('POST', `/api/v1/tenders/${tenderId}/clarifications/${questions[0]}/answer`, 'cty-a', { answer: '再答一次。', changesDocuments: false });
    expect(again.status).toBe(409);
  });

  it('an answer that changes the documents 10 days before the deadline moves it to 15 days after the answer (87号令第二十七条)', async () => {
    await at('2026-06-20T09:00:00+08:00');
    const r = await call('POST', `/api/v1/tenders/${tenderId}/clarifications/${questions[1]}/answer`, 'cty-a', {
      answer: '可以。招标文件第三章服务标准改为每月探访不少于一次，可按需增加。',
      changesDocuments: true,
    });
    expect(r.status).toBe(200);
    expect(r.body.deadline).toBe('2026-07-05T09:30:00+08:00');
    expect(r.body.clarification.answer.deadlineMoved).toMatchObject({ from: '2026-06-30T09:30:00+08:00', to: '2026-07-05T09:30:00+08:00', source: '财政部令第87号第二十七条' });
  });

  it('every bidder sees every answer, the public page too, without who asked; OCDS carries them and still validates', async () => {
    for (const who of ['c-1', 'c-2', 'c-3']) {
      const r = await call('GET', `/api/v1/tenders/${tenderId}/clarifications`, who);
      expect(r.status).toBe(200);
      expect(r.body.deadline).toBe('2026-07-05T09:30:00+08:00');
      expect(r.body.published.map((c: { id: string }) => c.id)).toEqual(questions);
      expect(r.body.published[1].answer.text).toContain('第三章服务标准');
    }
    const pub = await call('GET', `/api/v1/tenders/${tenderId}`);
    expect(pub.body.deadline).toBe('2026-07-05T09:30:00+08:00');
    expect(pub.body.clarifications).toHaveLength(2);
    expect(JSON.stringify(pub.body.clarifications)).not.toMatch(/c-1|c-2|organisation/);
    const record = await call('GET', `/api/v1/ocds/records/ocds-bozhou-${tenderId}`);
    for (const rel of record.body.records[0].releases) expect(checkRelease(rel).errors).toEqual([]);
    const compiled = record.body.records[0].compiledRelease;
    expect(checkRelease(compiled).errors).toEqual([]);
    expect(compiled.tender.tenderPeriod.endDate).toBe('2026-07-05T09:30:00+08:00');
    expect(compiled.tender.documents.filter((d: { documentType: string }) => d.documentType === 'clarifications')).toHaveLength(2);
    expect(compiled.tender.amendments.map((a: { description: string }) => a.description).join()).toContain('顺延至 2026-07-05T09:30:00+08:00');
  });

  it('bids are taken until the moved deadline, and questions stop at it', async () => {
    await at('2026-07-01T09:00:00+08:00');
    const bid = await call('POST', `/api/v1/tenders/${tenderId}/bids`, 'c-3', { priceFen: 25_000_000, technicalProposal: '每月入户探访一次，按需增加，建立服务档案。', documents: [] }, true);
    expect(bid.status).toBe(201);
    await at('2026-07-05T09:31:00+08:00');
    const late = await call('POST', `/api/v1/tenders/${tenderId}/clarifications`, 'c-1', { question: '截止后还能提问吗？这是一个测试问题。' }, true);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('tender-closed');
  });
});
