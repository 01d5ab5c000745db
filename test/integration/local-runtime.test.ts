import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { startS3 } from '../../infra/local/s3.ts';
import { presignGet, putFile } from '../../shared/payments/s3.ts';

/**
 * The embedded runtime's own safety: DynamoDB Local listens on the loopback only, and it never outlives
 * the platform that started it — not on a crash, not on a SIGKILL of the platform.
 */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function parent(mode: 'crash' | 'wait') {
  const child = spawn(process.execPath, ['test/support/dynamo-child.ts', mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  const line = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const first = out.split('\n').find((l) => l.startsWith('{'));
      if (first) done(first);
    });
    child.once('exit', (code) => fail(new Error(`parent exited early (${code})`)));
  });
  return { child, ...(JSON.parse(line) as { pid: number; endpoint: string }) };
}

async function gone(pid: number, ms = 20_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

const refused = (host: string, port: number) =>
  new Promise<boolean>((done) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      done(false);
    });
    s.once('error', () => done(true));
  });

describe('DynamoDB Local under the platform', () => {
  it('listens on 127.0.0.1 only, and stops when the platform is killed with SIGKILL', async () => {
    const { child, pid, endpoint } = await parent('wait');
    const port = Number(new URL(endpoint).port);
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (outside) expect(await refused(outside.address, port)).toBe(true);
    expect(await refused('127.0.0.1', port)).toBe(false);
    expect(alive(pid)).toBe(true);
    child.kill('SIGKILL');
    expect(await gone(pid)).toBe(true);
  }, 90_000);

  it('stops when the platform crashes', async () => {
    const { pid } = await parent('crash');
    expect(await gone(pid)).toBe(true);
  }, 90_000);
});

describe('the local S3 server', () => {
  it('serves a payment file only through a valid, unexpired presigned URL', async () => {
    const s3 = await startS3();
    try {
      await putFile('runs/341602-2026-02/file.csv', Buffer.from('name,account\n张三,6217000000000001\n'), 'text/csv');
      const url = await presignGet('runs/341602-2026-02/file.csv', 'file.csv');
      const ok = await fetch(url);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('6217000000000001');

      const plain = await fetch(`${s3.endpoint}/payment-files/runs/341602-2026-02/file.csv`);
      expect(plain.status).toBe(403);
      expect(await plain.text()).not.toContain('6217000000000001');

      const tampered = new URL(url);
      tampered.searchParams.set('X-Amz-Signature', '0'.repeat(64));
      expect((await fetch(tampered)).status).toBe(403);

      const stale = new URL(url);
      stale.searchParams.set('X-Amz-Date', '20200101T000000Z');
      expect((await fetch(stale)).status).toBe(403);

      // A header signature is checked too: a forged one, or one for another request, is refused.
      const forged = `AWS4-HMAC-SHA256 Credential=S3RVER/20261202/local/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${'a'.repeat(64)}`;
      const headers = { authorization: forged, 'x-amz-date': '20261202T000000Z', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
      const withForged = await fetch(`${s3.endpoint}/payment-files/runs/341602-2026-02/file.csv`, { headers });
      expect(withForged.status).toBe(403);
      expect(await withForged.text()).not.toContain('6217000000000001');
      expect((await fetch(`${s3.endpoint}/payment-files/runs/341602-2026-02/file.csv`, { headers: { authorization: 'Bearer x' } })).status).toBe(403);
      // …while the SDK's own signed calls (the put above, and this one) go through.
      await putFile('runs/341602-2026-02/again.csv', Buffer.from('x\n'), 'text/csv');
    } finally {
      await s3.stop();
    }
  });
});
