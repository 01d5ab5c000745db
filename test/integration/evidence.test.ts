import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { countItems, dibaoApplication, idNumber } from '../support/people.ts';
import { apply, staffOf, type Staff } from './workflow-support.ts';

/** Evidence uploads (shared/cases/evidence.ts): type and size checked with a clear error, presigned S3 uploads, listed for staff only. */
let p: TestPlatform;
let s: Staff;
const id = idNumber('19570505', '751');
let ref: string;
beforeAll(async () => {
  p = await startTestPlatform({ s3: true });
  s = await staffOf(p);
  ref = await apply(p, dibaoApplication(id));
});
afterAll(async () => {
  await p.stop();
});

const ask = (body: Record<string, unknown>, reference = ref) =>
  p.call('POST', `/api/v1/applications/${reference}/evidence`, { body: { idNumber: id, ...body }, headers: { 'idempotency-key': randomUUID() } });

describe('evidence uploads', () => {
  it('refuses a wrong type, a file too large and a name that does not match, saying what is allowed, and writes nothing', async () => {
    const before = await countItems(['EVIDENCE#', 'AUDIT#evidence']);
    const exe = await ask({ fileName: '发票.exe', contentType: 'application/x-msdownload', sizeBytes: 1000 });
    expect(exe.status).toBe(400);
    expect(exe.body.errors[0]).toMatchObject({ field: 'contentType' });
    expect(exe.body.errors[0].message).toContain('JPG、PNG、HEIC');
    expect(exe.body.errors[0].message).toContain('PDF');

    const big = await ask({ fileName: '病历.pdf', contentType: 'application/pdf', sizeBytes: 10 * 1024 * 1024 + 1 });
    expect(big.status).toBe(400);
    expect(big.body.errors[0]).toMatchObject({ field: 'sizeBytes' });
    expect(big.body.errors[0].message).toContain('10 MB');

    const renamed = await ask({ fileName: '火灾现场.pdf', contentType: 'image/jpeg', sizeBytes: 1000 });
    expect(renamed.status).toBe(400);
    expect(renamed.body.errors[0]).toMatchObject({ field: 'fileName', code: 'type-mismatch' });

    const stranger = await ask({ idNumber: idNumber('19570606', '752'), fileName: '火灾现场.jpg', contentType: 'image/jpeg', sizeBytes: 1000 });
    expect(stranger.status).toBe(404);
    expect(await countItems(['EVIDENCE#', 'AUDIT#evidence'])).toBe(before);
  });

  it('signs an upload bound to the declared type and size: S3 takes that file and refuses a bigger one', async () => {
    const photo = Buffer.alloc(2048, 7);
    const res = await ask({ fileName: '火灾现场.jpg', contentType: 'image/jpeg', sizeBytes: photo.length, description: '房屋烧毁的照片' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.limits).toContain('10 MB');
    const { url, headers } = res.body.upload;
    const tooBig = await fetch(url, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: Buffer.alloc(4096, 7) });
    expect(tooBig.status).toBe(403);
    const other = await fetch(url, { method: 'PUT', headers: { ...headers, 'content-type': 'application/pdf' }, body: photo });
    expect(other.status).toBe(403);
    const ok = await fetch(url, { method: 'PUT', headers, body: photo });
    expect(ok.status, await ok.text()).toBe(200);
  });

  it('lists the evidence on the case for staff, with a download link, and nowhere public', async () => {
    const view = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker });
    expect(view.body.evidence).toEqual([
      expect.objectContaining({ fileName: '火灾现场.jpg', contentType: 'image/jpeg', sizeBytes: 2048, description: '房屋烧毁的照片', by: 'applicant', uploaded: true, download: expect.any(String) }),
    ]);
    const file = await fetch(view.body.evidence[0].download);
    expect(file.status).toBe(200);
    expect((await file.arrayBuffer()).byteLength).toBe(2048);
    const lookup = await p.call('POST', '/api/v1/applications/lookup', { body: { reference: ref, idNumber: id } });
    expect(lookup.text).not.toContain('火灾现场');
    const roster = await p.call('GET', '/api/v1/publicity');
    expect(roster.text).not.toContain('evidence');
  });
});
