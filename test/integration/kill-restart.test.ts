import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dibaoApplication, idNumber } from '../support/people.ts';

/**
 * No acknowledged write lost without notice: 30 parallel applications on a persisted DATA_DIR,
 * DynamoDB Local killed after 8 answers, the platform restarted on the same data. Every application
 * that was answered 201 is there after the restart — or, because the emulator can lose acknowledged
 * transactions when killed, the restart refuses to come up and names exactly the ones that are missing.
 */
interface Started {
  child: ChildProcess;
  info: { url?: string; dynamoPid?: number; refused?: string; lost?: { reference?: string; key: string }[] | null };
}

function start(dataDir: string, ...args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['test/support/platform-child.ts', ...args], { env: { ...process.env, CHILD_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((done, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) done({ child, info: JSON.parse(line) });
    });
    child.once('exit', (code) => fail(new Error(`platform exited (${code}) before answering: ${out}`)));
  });
}

const stopped = (child: ChildProcess) => new Promise<void>((done) => (child.exitCode !== null ? done() : child.once('exit', () => done())));

describe('kill and restart on a persisted DATA_DIR', () => {
  it('keeps every acknowledged application, or refuses to start naming the lost ones', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bozhou-kill-'));
    const first = await start(dataDir);
    const url = first.info.url!;
    const acknowledged = new Map<string, string>(); // key → reference
    const keys: string[] = Array.from({ length: 30 }, () => randomUUID());
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      process.kill(first.info.dynamoPid!, 'SIGKILL');
    };
    await Promise.all(
      keys.map(async (key, i) => {
        const res = await fetch(`${url}/api/v1/applications`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(dibaoApplication(idNumber('19600101', String(100 + i)))),
        }).catch(() => undefined);
        if (res?.status === 201) {
          acknowledged.set(key, ((await res.json()) as { reference: string }).reference);
          if (acknowledged.size >= 8) kill();
        }
      }),
    );
    kill();
    expect(acknowledged.size).toBeGreaterThanOrEqual(8);
    first.child.kill('SIGKILL');
    await stopped(first.child);

    const second = await start(dataDir);
    if (second.info.refused) {
      // The emulator lost some: the start-up check names each one, and nothing else.
      const lost = second.info.lost!;
      expect(lost.length).toBeGreaterThan(0);
      for (const l of lost) expect(acknowledged.get(l.key)).toBe(l.reference);
      await stopped(second.child);
      const third = await start(dataDir, '--accept-lost-writes');
      expect(third.info.url).toBeTruthy();
      third.child.kill('SIGTERM');
      await stopped(third.child);
      return;
    }
    // Nothing lost: every acknowledged reference can be looked up with its applicant's number.
    for (const [key, reference] of acknowledged) {
      const i = keys.indexOf(key);
      const res = await fetch(`${second.info.url}/api/v1/applications/lookup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reference, idNumber: idNumber('19600101', String(100 + i)) }),
      });
      expect(res.status, reference).toBe(200);
    }
    second.child.kill('SIGTERM');
    await stopped(second.child);
  }, 240_000);
});
