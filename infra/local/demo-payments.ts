import { randomUUID } from 'node:crypto';
import type { Platform } from './platform.ts';
import { COUNTIES } from '../../shared/reference/areas.ts';
import { dateShanghai } from '../../shared/clock.ts';

/**
 * The demo city's disbursement, through the HTTP API as county staff would do it: payee accounts for the
 * active cases of each county (sample account numbers), this month's payment run, the bank's result file
 * (all paid but one, rejected by the bank — retried next month), and the reconciliation; plus one
 * certified social worker per county on the (separate) payroll. Runs after the case part (demo.ts).
 */
export async function seedPaymentsDemo(platform: Pick<Platform, 'url' | 'queues'>): Promise<{ runs: string[] }> {
  const call = async (method: string, path: string, token?: string, body?: unknown, idempotent = false) => {
    const res = await fetch(`${platform.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(idempotent ? { 'idempotency-key': randomUUID() } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json().catch(() => null)) as Record<string, any> | null;
    return { status: res.status, body: json ?? {} };
  };
  const ok = async (...args: Parameters<typeof call>) => {
    const res = await call(...args);
    if (res.status >= 300) throw new Error(`demo-payments: ${args[0]} ${args[1]} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const token = async (role: string, scope: Record<string, string>) => (await ok('POST', '/api/v1/dev/token', undefined, { role, ...scope })).token as string;
  const month = dateShanghai(new Date()).slice(0, 7);
  const runs: string[] = [];

  for (const [n, county] of COUNTIES.entries()) {
    const supervisor = await token('county', { county: county.code, sub: `demo-county-${county.code}`, name: '县级民政资金发放' });
    const runId = `${county.code}-${month}`;
    if ((await call('GET', `/api/v1/payment-runs/${runId}`, supervisor)).status === 200) continue; // seeded before (persisted DATA_DIR)

    // Accounts for every payee of the county's active cases (the carer gets the 特困 care subsidy, 六).
    let cursor: string | null = null;
    let k = 0;
    do {
      const page: Record<string, any> = await ok('GET', `/api/v1/inbox?status=active${cursor ? `&cursor=${cursor}` : ''}`, supervisor);
      for (const c of page.items as { reference: string; type: string }[]) {
        for (const role of c.type === 'tekun' ? ['person', 'carer'] : ['person']) {
          await ok('POST', `/api/v1/cases/${c.reference}/payee`, supervisor, {
            role,
            name: role === 'carer' ? '李桂兰' : c.type === 'tekun' ? '王德胜' : '张秀英',
            bank: '亳州农村商业银行',
            accountNumber: `6217${county.code}${String(n * 100 + ++k).padStart(8, '0')}`,
          });
        }
      }
      cursor = page.cursor as string | null;
    } while (cursor);

    await ok('POST', '/api/v1/payment-runs', supervisor, { county: county.code, month }, true);
    await platform.queues.drain();
    const run = await ok('GET', `/api/v1/payment-runs/${runId}`, supervisor);
    if (run.status !== 'finished') throw new Error(`demo-payments: run ${runId} did not finish`);

    // The bank's answer: everything paid except the first line of the first county (rejected, retried next month).
    if (run.file) {
      const file = await ok('GET', `/api/v1/payment-runs/${runId}/file`, supervisor);
      const rows = (await (await fetch(file.url)).text())
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(','));
      if (rows.length) {
        const csv = ['付款编号,金额（元）,状态,原因代码,原因', ...rows.map((r, i) => (n === 0 && i === 0 ? `${r[0]},${r[12]},失败,BANK_REJECTED,银行系统维护` : `${r[0]},${r[12]},成功,,`))].join(
          '\r\n',
        );
        await ok('POST', `/api/v1/payment-runs/${runId}/results`, supervisor, { csv }, true);
      }
    }
    await ok('GET', `/api/v1/payment-runs/${runId}/reconciliation`, supervisor);
    await call(
      'POST',
      '/api/v1/social-workers',
      supervisor,
      {
        name: ['周明', '吴芳', '孙丽', '朱军'][n],
        certificateNumber: `SW-${county.code}-0001`,
        level: n % 2 ? 'intermediate' : 'assistant',
        township: county.townships[0]!.code,
        communityWorker: true,
        from: month,
      },
      true,
    );
    runs.push(runId);
  }
  return { runs };
}
