/**
 * 政府购买社会救助服务 (measure 十八), public page /tenders/: reads the public API only —
 * GET /api/v1/tenders (announcements, amendments, opening records, results), GET /api/v1/contracts/{id}
 * (payments and published evaluations), GET /api/v1/service-lists and /api/v1/budgets per county and year —
 * and links each project's OCDS record. Nothing personal is in any of them.
 */
import { formatYuan } from '../../../shared/money.ts';
import { dateShanghai } from '../../../shared/clock.ts';
import { el, onReady, table } from './tables.ts';

const STATUS: Record<string, string> = {
  active: '正在接受投标',
  terminated: '已终止',
  opened: '已开标，正在评审',
  unsuccessful: '采购失败（有效投标不足）',
  awarded: '结果已公告（质疑期）',
  contracted: '已签订合同',
};

const yuan = (fen: unknown) => (Number.isSafeInteger(fen) ? formatYuan(fen as number) : '—');
const day = (iso?: string) => (iso ? String(iso).slice(0, 10) : '—');
const time = (iso?: string) => (iso ? String(iso).slice(0, 16).replace('T', ' ') : '—');

async function get(path: string): Promise<{ status: number; body: any }> {
  const r = await fetch(path, { headers: { accept: 'application/json' } });
  return { status: r.status, body: await r.json().catch(() => null) };
}

type Row = readonly [string, string | number | Node | undefined | null] | null | false | undefined;

function kv(rows: readonly Row[]): HTMLElement {
  const dl = el('dl', 'kv');
  for (const r of rows) {
    if (!r) continue;
    dl.appendChild(el('dt', '', r[0]));
    const dd = dl.appendChild(el('dd'));
    const v = r[1];
    if (v instanceof Node) dd.appendChild(v);
    else dd.textContent = v === undefined || v === null || v === '' ? '—' : String(v);
  }
  return dl;
}

function link(href: string, text: string): HTMLAnchorElement {
  const a = el('a', '', text);
  a.href = href;
  return a;
}

const counties: Record<string, string> = {};
const countyName = (code: string) => counties[code] ?? code;

function tenderCard(t: any): HTMLElement {
  const card = el('li', 'card');
  card.id = `tender-${t.id}`;
  card.appendChild(el('h3', 'card-title', t.title));
  card.appendChild(
    kv([
      ['项目编号', t.id],
      ['县区', countyName(t.county)],
      ['服务', t.service ? `${t.service.name}：${t.service.description}` : ''],
      ['采购方式', t.methodLabel],
      ['最高限价', yuan(t.valueCapFen)],
      ['公告时间', time(t.publishedAt)],
      ['投标截止', time(t.deadline)],
      t.contact && ['采购人联系方式', `${t.contact.name}，电话 ${t.contact.phone}${t.contact.address ? `，地址：${t.contact.address}` : ''}`],
      ['状态', STATUS[t.status] ?? t.status],
      ['评分办法', (t.criteria ?? []).map((c: any) => `${c.name} ${c.weight} 分`).join('，')],
    ]),
  );
  card.appendChild(el('p', '', t.description));
  for (const a of t.amendments ?? []) card.appendChild(el('p', 'note', `更正公告（${time(a.at)}）：${a.description}。理由：${a.rationale}`));
  if (t.documents?.length) {
    card.appendChild(el('h4', '', '采购文件（登录后下载）'));
    const docs = card.appendChild(el('ul', ''));
    for (const d of t.documents) docs.appendChild(el('li', '', d.title + (d.sha256 ? `（SHA-256：${d.sha256}）` : '')));
  }
  for (const c of t.clarifications ?? []) {
    const moved = c.answer.deadlineMoved ? ` 投标截止时间顺延至 ${time(c.answer.deadlineMoved.to)}。` : '';
    card.appendChild(el('p', 'note', `澄清（${time(c.answer.at)}）问：${c.question} 答：${c.answer.text}${moved}`));
  }
  if (t.termination) card.appendChild(el('p', 'callout', `本项目已于 ${time(t.termination.at)} 终止。理由：${t.termination.reason}`));
  if (t.opening) {
    card.appendChild(el('h4', '', `开标记录（${time(t.opening.at)}）`));
    const rows = t.opening.bids.map((b: any) => [b.name, b.creditCode, yuan(b.priceFen), b.status === 'valid' ? '有效' : '无效（超过最高限价）']);
    card.appendChild(table(`${t.title} 开标记录`, ['投标机构', '统一社会信用代码', '报价', '是否有效'], rows));
  }
  for (const c of t.cancelledResults ?? []) {
    card.appendChild(el('p', 'callout', `原结果已撤销：${c.supplier}（${yuan(c.priceFen)}，${day(c.announcedAt)} 公告），因质疑成立于 ${day(c.cancelledAt)} 撤销。理由：${c.reason}`));
  }
  if (t.result) {
    card.appendChild(el('h4', '', t.result.reawarded ? '中标（成交）结果公告（另行确定）' : '中标（成交）结果公告'));
    card.appendChild(
      kv([
        ['中标（成交）机构', t.result.supplier],
        ['统一社会信用代码', t.result.creditCode],
        ['中标（成交）金额', yuan(t.result.priceFen)],
        ['公告时间', time(t.result.announcedAt)],
        ['质疑期', `至 ${t.result.challengeUntil}（7个工作日）`],
        t.result.deviation && ['未按排名确定的理由', t.result.deviation.legalReason],
      ]),
    );
  }
  if (t.contractId) {
    const box = card.appendChild(el('div', ''));
    box.appendChild(el('p', 'note', '正在读取合同……'));
    get(`/api/v1/contracts/${encodeURIComponent(t.contractId)}`).then((r) => {
      box.textContent = '';
      if (r.status !== 200 || !r.body) box.appendChild(el('p', 'note', '现在读取不到合同，请稍后再看。'));
      else box.appendChild(contract(r.body, t.title));
    });
  }
  card.appendChild(el('p', 'note')).appendChild(link(`/api/v1/ocds/records/${encodeURIComponent(t.ocid)}`, '本项目的开放数据记录（OCDS，JSON）'));
  return card;
}

function contract(c: any, title: string): HTMLElement {
  const box = el('div');
  box.appendChild(el('h4', '', `服务合同 ${c.id}`));
  if (c.flagged) box.appendChild(el('p', 'callout', '注意：本合同有履约节点监督评估不合格。'));
  box.appendChild(
    kv([
      ['服务机构', c.supplier.name],
      ['合同金额', yuan(c.valueFen)],
      ['已付款', yuan(c.paidFen)],
      ['服务期', `${c.period.startDate} 至 ${c.period.endDate}`],
      ['签订时间', time(c.signedAt)],
      ['已服务', `${c.casesServed} 户次`],
    ]),
  );
  const rows = c.milestones.map((m: any) => [m.title, m.dueDate, yuan(m.amountFen), yuan(m.paidFen), m.evaluation ? `${m.evaluation.label}：${m.evaluation.findings}` : '尚未评估']);
  box.appendChild(table(`${title} 履约节点和监督评估`, ['履约节点', '到期日', '节点金额', '已付款', '监督评估'], rows));
  return box;
}

async function loadTenders(box: HTMLElement, cursor?: string, list?: HTMLElement): Promise<any[]> {
  const r = await get(`/api/v1/tenders${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
  if (r.status !== 200 || !r.body) throw new Error(String(r.status));
  const items: any[] = r.body.items ?? [];
  if (!list) {
    box.textContent = '';
    if (!items.length) {
      box.appendChild(el('p', 'callout', '还没有采购项目。'));
      return [];
    }
    list = box.appendChild(el('ol', 'card-list'));
  }
  for (const t of items) list.appendChild(tenderCard(t));
  document.getElementById('tenders-more')?.remove();
  if (r.body.cursor) {
    const more = box.appendChild(el('button', 'button secondary', '显示更多采购项目'));
    more.type = 'button';
    more.id = 'tenders-more';
    const shown = list;
    more.addEventListener('click', () => loadTenders(box, r.body.cursor, shown));
  }
  return items;
}

async function countyYear(body: HTMLElement, code: string, year: number) {
  const q = `?county=${code}&year=${year}`;
  const [b, l] = await Promise.all([get(`/api/v1/budgets${q}`), get(`/api/v1/service-lists${q}`)]);
  body.textContent = '';
  if (b.status === 200 && b.body) {
    body.appendChild(
      kv([
        ['当年社会救助资金', yuan(b.body.totalFundsFen)],
        ['购买服务额度（1%）', yuan(b.body.allocationFen)],
        ['已承诺（中标金额）', yuan(b.body.committedFen)],
        ['已付款', yuan(b.body.paidFen)],
        ['尚可使用', yuan(b.body.remainingFen)],
      ]),
    );
    const d = body.appendChild(el('details'));
    d.appendChild(el('summary', '', '额度是怎样算出来的'));
    const ol = d.appendChild(el('ol'));
    for (const s of b.body.trace ?? []) ol.appendChild(el('li', '', (s.measure ? `${s.measure} ` : '') + (s.detail ?? s.rule ?? '')));
  } else body.appendChild(el('p', 'note', '尚未公布当年的资金和额度。'));
  if (l.status === 200 && l.body?.services?.length) {
    const rows = l.body.services.map((s: any) => [s.name, s.description, s.unit, s.serves]);
    body.appendChild(table(`${countyName(code)} ${year} 年购买服务清单`, ['服务', '内容', '计量单位', '服务对象'], rows));
  } else body.appendChild(el('p', 'note', '尚未公布当年的购买服务清单。'));
}

function budgets(box: HTMLElement, years: number[]) {
  box.textContent = '';
  const jobs: Promise<void>[] = [];
  for (const year of years) {
    for (const code of Object.keys(counties)) {
      const section = box.appendChild(el('section', 'card'));
      section.appendChild(el('h3', 'card-title', `${countyName(code)} ${year} 年`));
      const body = section.appendChild(el('div'));
      body.appendChild(el('p', 'note', '正在读取……'));
      jobs.push(countyYear(body, code, year));
    }
  }
  return Promise.all(jobs);
}

onReady(async () => {
  const tenderBox = document.getElementById('tender-list');
  const budgetBox = document.getElementById('budget-list');
  if (!tenderBox || !budgetBox) return;
  const thisYear = Number(dateShanghai(new Date()).slice(0, 4));
  try {
    const areas = await get('/api/v1/areas');
    for (const c of areas.body?.counties ?? []) counties[c.code] = c.name;
    const items = await loadTenders(tenderBox).catch(() => {
      tenderBox.textContent = '';
      tenderBox.appendChild(el('p', 'callout', '现在读取不到采购项目，请稍后再看。'));
      return [] as any[];
    });
    const years = [...new Set([thisYear, ...items.map((t) => Number(t.year)).filter(Number.isSafeInteger)])].sort((a, b) => b - a);
    await budgets(budgetBox, years.slice(0, 2));
  } catch {
    budgetBox.textContent = '';
    budgetBox.appendChild(el('p', 'callout', '现在读取不到各县区的清单和额度，请稍后再看。'));
  }
});
