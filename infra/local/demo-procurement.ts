import { randomUUID } from 'node:crypto';
import type { Platform } from './platform.ts';
import { creditCodeCheckChar } from '../../shared/identifiers/credit-code.ts';
import { isoShanghai } from '../../shared/clock.ts';

/**
 * The demo city's government purchase of services (measure 十八), created through the HTTP API as
 * users would: 谯城区's service list and allocation, three verified contractors, an expert pool,
 * a tender with sealed bids, opening, a reproducible draw, scoring and the award; then, after the
 * 质疑 period, a signed contract with its first milestone evaluated and paid.
 *
 * Time: a 竞争性磋商 must give at least 10 days from the issue of the documents to the deadline
 * (shared/procurement/periods.ts), and the contract needs the 7-working-day 质疑 period to have run.
 * With `travel` (set the gateway's clock to an ISO time, or `null` to return to real time) the demo
 * publishes the tender 40 days ago, opens and awards it after its deadline and signs the contract after
 * the 质疑 period — every date in the past — and returns to real time. Without it, the demo publishes the
 * tender with a deadline 10 days ahead and stops with the bids sealed, which is itself a truthful state.
 */
export interface ProcurementDemoOptions {
  travel?: (iso: string | null) => void;
}

const COUNTY = '341602';
const creditCode = (n: number) => {
  const first17 = `52${COUNTY}MJ${String(n).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17);
};

/** A small one-page PDF, the demo's 磋商文件 (its text is ASCII: the file only needs to be a real PDF). */
const DEMO_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj ' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

/** Uploads the demo 磋商文件 as the workbench does (presigned PUT); without a documents bucket, none. */
async function demoDocument(url: string, token: string): Promise<{ key: string; title: string }[]> {
  const res = await fetch(`${url}/api/v1/tender-documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ county: COUNTY, contentType: 'application/pdf', size: DEMO_PDF.length }),
  });
  if (res.status === 503) return [];
  const answer = (await res.json()) as { key: string; upload: { url: string; headers: Record<string, string> } };
  if (res.status !== 201) throw new Error(`demo-procurement: tender document → ${res.status} ${JSON.stringify(answer)}`);
  const put = await fetch(answer.upload.url, { method: 'PUT', headers: answer.upload.headers, body: DEMO_PDF });
  if (!put.ok) throw new Error(`demo-procurement: uploading the tender document → ${put.status}`);
  return [{ key: answer.key, title: '竞争性磋商文件' }];
}

export async function seedProcurementDemo(platform: Pick<Platform, 'url'>, options: ProcurementDemoOptions = {}): Promise<{ tenderId: string; contractId: string | null }> {
  const call = async (method: string, path: string, token: string | undefined, body?: unknown, idempotent = false) => {
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
    if (res.status >= 300) throw new Error(`demo-procurement: ${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json ?? {};
  };
  const token = async (role: string, sub: string, scope: Record<string, string> = {}) => (await call('POST', '/api/v1/dev/token', undefined, { role, sub, ...scope })).token as string;
  const people = async () => ({
    county: await token('county', 'demo-county-qc', { county: COUNTY, name: '谯城区民政局采购经办' }),
    admin: await token('admin', 'demo-admin', { name: '市民政局' }),
    orgs: await Promise.all([1, 2, 3].map((n) => token('contractor', `demo-org-${n}`, { organisation: `demo-org-${n}` }))),
    experts: Object.fromEntries(await Promise.all([1, 2, 3, 4, 5].map(async (n) => [`demo-expert-${n}`, await token('evaluator', `demo-expert-${n}`)] as const))),
  });
  const travel = options.travel;
  const DAY = 86400_000;
  // With time travel the whole process lies in the past: published 40 days ago (see above).
  const publishedAt = travel ? new Date(Date.now() - 40 * DAY) : new Date();
  let who = await people();
  const year = Number(isoShanghai(publishedAt).slice(0, 4));

  // Seeded before (a kept DATA_DIR): the first demo contractor is registered. Skip rather than fail
  // with contractor-exists, and do not publish a second demo tender on every start.
  const mine = await fetch(`${platform.url}/api/v1/contractors/me`, { headers: { authorization: `Bearer ${who.orgs[0]}` } });
  if (mine.status === 200) {
    const list = (await (await fetch(`${platform.url}/api/v1/tenders`)).json().catch(() => ({}))) as { items?: { id: string; county?: string }[] };
    const tender = list.items?.find((t) => t.county === undefined || t.county === COUNTY);
    return { tenderId: tender?.id ?? '', contractId: null };
  }

  await call('POST', '/api/v1/service-lists', who.county, {
    county: COUNTY,
    year,
    services: [
      { id: 'visit', name: '特困人员探访照料', description: '分散供养特困人员每月入户探访、生活照料和精神慰藉', unit: '人·月', serves: '分散供养特困人员' },
      { id: 'casework', name: '低保家庭个案帮扶', description: '社会工作者为低保家庭提供个案帮扶和就业支持', unit: '户·年', serves: '低保家庭' },
    ],
  });
  await call('POST', '/api/v1/budgets', who.county, { county: COUNTY, year, funds: { centralFen: 3_000_000_000, provincialFen: 1_200_000_000, municipalFen: 500_000_000, countyFen: 300_000_000 } });

  const names = ['亳州市谯城区康乐社会工作服务中心', '亳州市同心养老服务有限公司', '亳州市暖阳社会工作服务社'];
  for (const [i, t] of who.orgs.entries()) {
    await call('POST', '/api/v1/contractors', t, { name: names[i], creditCode: creditCode(i + 1), contact: '项目负责人' }, true);
    await call('POST', `/api/v1/contractors/demo-org-${i + 1}/verification`, who.admin, { decision: 'verified', note: '登记材料齐全，信用记录良好' });
  }
  for (let n = 1; n <= 5; n++) {
    await call('POST', '/api/v1/experts', who.admin, { sub: `demo-expert-${n}`, name: `评审专家${n}`, speciality: n % 2 ? '社会工作' : '财务', conflicts: n === 5 ? ['demo-org-1'] : [] });
  }

  try {
    if (travel) {
      travel(isoShanghai(publishedAt));
      who = await people();
    }
    // 竞争性磋商: at least 10 days from the issue of the documents (财库〔2014〕214号 第十条); 11 to be clear of it.
    const deadline = new Date(Date.parse(`${isoShanghai(new Date(publishedAt.getTime() + 11 * DAY)).slice(0, 10)}T09:30:00+08:00`));
    const tender = await call(
      'POST',
      '/api/v1/tenders',
      who.county,
      {
        year,
        serviceId: 'visit',
        title: `${year}年谯城区特困人员探访照料服务项目`,
        description: '为谯城区分散供养特困人员提供每月入户探访、生活照料和精神慰藉服务，服务期一年。',
        method: 'consultation',
        valueCapFen: 40_000_000,
        deadline: isoShanghai(deadline),
        criteria: [
          { id: 'price', name: '价格', kind: 'price', weight: 20 },
          { id: 'plan', name: '服务方案', kind: 'technical', weight: 50 },
          { id: 'team', name: '团队与经验', kind: 'technical', weight: 30 },
        ],
        documents: await demoDocument(platform.url, who.county),
        contact: { name: '谯城区民政局社会救助股（示例）', phone: '0558-5000000', address: '亳州市谯城区（示例地址）' },
      },
      true,
    );
    const id = tender.id as string;
    const prices = [36_800_000, 38_500_000, 35_200_000];
    for (const [i, t] of who.orgs.entries()) {
      await call(
        'POST',
        `/api/v1/tenders/${id}/bids`,
        t,
        {
          priceFen: prices[i],
          technicalProposal: `${names[i]}：每月入户探访一次，建立一人一档，紧急情况24小时响应，配备持证社会工作者。`,
          documents: [{ key: `bids/${id}/demo-org-${i + 1}.pdf`, title: '响应文件' }],
        },
        true,
      );
    }
    if (!travel) return { tenderId: id, contractId: null };
    travel(isoShanghai(new Date(deadline.getTime() + 60_000)));
    who = await people();
    await call('POST', `/api/v1/tenders/${id}/opening`, who.county);
    const panel = await call('POST', `/api/v1/tenders/${id}/panel`, who.county, { size: 3 });
    const marks: Record<string, { plan: number; team: number }> = { 'demo-org-1': { plan: 44, team: 26 }, 'demo-org-2': { plan: 38, team: 24 }, 'demo-org-3': { plan: 35, team: 20 } };
    for (const ev of panel.drawn as string[]) for (const [org, points] of Object.entries(marks)) await call('POST', `/api/v1/tenders/${id}/scores`, who.experts[ev], { organisation: org, points });
    const evaluation = await call('GET', `/api/v1/tenders/${id}/evaluation`, who.county);
    await call('POST', `/api/v1/tenders/${id}/award`, who.county, { organisation: evaluation.ranking[0].organisation }, true);

    // 7 working days can span 15 calendar days around the Spring Festival or National Day; 21 is always past.
    const after = new Date(deadline.getTime() + 21 * DAY);
    travel(isoShanghai(after));
    who = await people();
    const price = evaluation.ranking[0].priceFen as number;
    const half = Math.floor(price / 2);
    const start = isoShanghai(after).slice(0, 10);
    const contract = await call(
      'POST',
      `/api/v1/tenders/${id}/contract`,
      who.county,
      {
        startDate: start,
        endDate: `${Number(start.slice(0, 4)) + 1}${start.slice(4)}`,
        milestones: [
          { id: 'h1', title: '上半年服务', dueDate: start, amountFen: half },
          { id: 'h2', title: '下半年服务', dueDate: `${Number(start.slice(0, 4)) + 1}${start.slice(4)}`, amountFen: price - half },
        ],
      },
      true,
    );
    await call('POST', `/api/v1/contracts/${contract.id}/evaluations`, who.county, { milestoneId: 'h1', rating: 'good', findings: '按计划完成探访，服务档案完整，抽查回访满意。' });
    await call('POST', `/api/v1/contracts/${contract.id}/payments`, who.county, { milestoneId: 'h1', amountFen: half }, true);
    return { tenderId: id, contractId: contract.id as string };
  } finally {
    travel?.(null);
  }
}
