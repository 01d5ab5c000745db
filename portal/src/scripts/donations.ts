/**
 * 慈善捐赠信息公开 (措施十六): reads GET /api/v1/donations/disclosures (verified and revoked charities
 * with their totals), and per charity, when its details are opened, the disclosure (purposes, campaigns
 * with their 慈善中国 links, donations, uses, volunteering) and GET /api/v1/charities/{id}/credit. Names,
 * masking and hiding are done by the API; this file only shows what it answers. The donor look-up posts
 * { receiptNumber, idNumber } to POST /api/v1/donations/lookup; the ID number is checked in the browser by
 * the same validator the API runs (shared/identifiers/resident-id.ts), errors shown by /forms.js.
 */
import { formatYuan } from '../../../shared/money.ts';
import { validateResidentId } from '../../../shared/identifiers/resident-id.ts';
import { dayText as day, el, getJson as get, onReady, table } from './tables.ts';

/** The error summary of /forms.js, loaded before this module (a deferred script earlier in the page). */
interface Forms {
  show(errors: { id: string; message: string }[]): void;
  clear(root: Element | null): void;
  post(url: string, body: unknown): Promise<{ status: number; body: any }>;
}
declare global {
  interface Window {
    BozhouForms?: Forms;
  }
}

const CSZG = 'https://cszg.mca.gov.cn/';
const USE_STATUS: Record<string, string> = { recorded: '已登记', pending: '待乡镇（街道）确认', confirmed: '乡镇（街道）已确认' };
const FLAG_STATUS: Record<string, string> = { open: '待核查', confirmed: '经核查属实', dismissed: '已核查，不成立' };

const yuan = (fen: unknown) => formatYuan(Number.isSafeInteger(Number(fen)) ? Number(fen) : 0);

function dl(rows: readonly (readonly [string, string | Node])[]): HTMLElement {
  const list = el('dl', 'receipt-list');
  for (const [term, value] of rows) {
    const div = list.appendChild(el('div', 'receipt-row'));
    div.appendChild(el('dt', '', term));
    const dd = div.appendChild(el('dd'));
    if (typeof value === 'string') dd.textContent = value;
    else dd.appendChild(value);
  }
  return list;
}

function moreButton(text: string, onClick: (b: HTMLButtonElement) => void): HTMLButtonElement {
  const b = el('button', 'button secondary', text);
  b.type = 'button';
  b.addEventListener('click', () => {
    b.disabled = true;
    onClick(b);
  });
  return b;
}

const useRecipient = (u: any) => u.recipient + (u.township ? `（${u.township}）` : '') + (u.county ? `（${u.county}）` : '');

const usesTable = (caption: string, uses: any[]) =>
  table(
    caption,
    ['日期', '去向', '受助方', '金额', '用途', '状态'],
    uses.map((u) => [day(u.date), u.kindLabel, useRecipient(u), yuan(u.amountFen) + (u.form === 'goods' ? '（物资估值）' : ''), u.purpose, USE_STATUS[u.status] ?? u.status]),
  );

const donationRows = (items: any[]) =>
  items.map((d) => [
    day(d.date),
    d.donor,
    yuan(d.amountFen) + (d.goods ? `（${d.goods.description} ${d.goods.quantity}${d.goods.unit}，估值）` : ''),
    d.purpose + (d.restricted ? '（定向）' : ''),
    d.campaignId || '—',
  ]);

const volumeTable = (caption: string, rows: { type: string; activities: number; volunteers: number; hours: number }[]) =>
  table(
    caption,
    ['服务类型', '活动次数', '志愿者人次', '服务时长（小时）'],
    rows.map((v) => [v.type, v.activities, v.volunteers, v.hours]),
  );

// ---------- one charity ----------
function renderCharity(c: any, list: Element, open: boolean) {
  const sec = el('section', 'card');
  sec.id = `charity-${c.charityId}`;
  sec.setAttribute('aria-labelledby', `${sec.id}-name`);
  sec.appendChild(el('h3', '', c.name)).id = `${sec.id}-name`;
  const t = c.totals ?? { money: {}, goodsValuation: {} };
  sec.appendChild(
    dl([
      ['状态', c.statusLabel + (c.revocation ? `（${day(c.revocation.date)} 撤销，理由：${c.revocation.reason}）` : '')],
      ['统一社会信用代码', c.creditCode],
      ['登记证书', c.certificateNumber],
      ['公开募捐资格', c.publicFundraising ? '有' : '无（不能开展公开募捐）'],
      ['收到资金', `${yuan(t.money.receivedFen)}，已使用 ${yuan(t.money.usedFen)}`],
      ['收到物资（按估值）', `${yuan(t.goodsValuation.receivedFen)}，已使用 ${yuan(t.goodsValuation.usedFen)}`],
      ['核查线索', `${c.openFlags || 0} 条待核查${c.confirmedFlags ? `，${c.confirmedFlags} 条经核查属实` : ''}`],
    ]),
  );
  const details = sec.appendChild(el('details', 'disclosure-details'));
  details.appendChild(el('summary', '', `查看${c.name}的收支、募捐活动、捐赠明细和信用记录`));
  const body = details.appendChild(el('div'));
  body.appendChild(el('p', 'loading', '正在读取……'));
  let loaded = false;
  details.addEventListener('toggle', () => {
    if (!details.open || loaded) return;
    loaded = true;
    loadDetail(c, body);
  });
  list.appendChild(sec);
  if (open) details.open = true;
}

function campaigns(camps: any[]): HTMLElement {
  const ul = el('ul', 'plain-list');
  for (const k of camps) {
    const li = ul.appendChild(el('li'));
    li.appendChild(el('strong', '', k.title + (k.emergencyAppeal ? '（紧急募捐）' : '')));
    li.appendChild(
      dl([
        ['备案编号', k.filingNumber],
        ['募捐期限', `${day(k.startDate)}至${day(k.endDate)}`],
        ['用途', k.purpose],
        ['目标', yuan(k.targetFen)],
        ['已收到', `${yuan(k.receivedFen)}（${k.donationCount} 笔）`],
        ['募捐账户', k.account],
      ]),
    );
    if (typeof k.cszgUrl === 'string' && k.cszgUrl.startsWith(CSZG)) {
      const a = el('a', '', `在慈善中国查看“${k.title}”的备案`);
      a.href = k.cszgUrl;
      a.rel = 'noopener';
      li.appendChild(el('p')).appendChild(a);
    }
  }
  return ul;
}

async function loadDetail(c: any, body: HTMLElement) {
  const id = encodeURIComponent(c.charityId);
  try {
    const [d, credit] = await Promise.all([get(`/api/v1/donations/disclosures?charity=${id}`), get(`/api/v1/charities/${id}/credit`)]);
    body.textContent = '';
    body.appendChild(el('h4', '', '按用途的收支'));
    const purposes: any[] = d.totals?.byPurpose ?? [];
    if (purposes.length) {
      const rows = purposes.map((p) => [p.purpose, p.formLabel, yuan(p.receivedFen), yuan(p.usedFen), yuan(p.balanceFen)]);
      body.appendChild(table(`${c.name}：按用途的收入、支出和余额`, ['用途', '形式', '收到', '已使用', '余额'], rows));
    } else body.appendChild(el('p', '', '还没有收到捐赠。'));

    body.appendChild(el('h4', '', '募捐活动'));
    const camps: any[] = d.campaigns ?? [];
    body.appendChild(camps.length ? campaigns(camps) : el('p', '', '没有备案的公开募捐活动。'));

    body.appendChild(el('h4', '', '收到的捐赠'));
    const donations = d.donations ?? { items: [] };
    if (!donations.items.length) body.appendChild(el('p', '', '还没有登记的捐赠。'));
    else {
      const wrap = body.appendChild(table(`${c.name}收到的捐赠（最新在前；捐赠人同意才显示姓名）`, ['日期', '捐赠人', '金额', '用途', '募捐活动编号'], donationRows(donations.items)));
      let next: string | undefined = donations.cursor;
      if (next) {
        body.appendChild(
          moreButton('显示更多捐赠', (b) => {
            get(`/api/v1/donations/disclosures?charity=${id}&donationsCursor=${encodeURIComponent(next!)}`).then(
              (m) => {
                const tbody = wrap.querySelector('tbody')!;
                for (const row of donationRows(m.donations.items)) {
                  const tr = tbody.appendChild(el('tr'));
                  for (const cell of row) tr.appendChild(el('td', '', String(cell)));
                }
                next = m.donations.cursor;
                b.disabled = false;
                if (!next) b.remove();
              },
              () => {
                b.disabled = false;
              },
            );
          }),
        );
      }
    }

    body.appendChild(el('h4', '', '捐赠的使用'));
    const uses: any[] = d.uses?.items ?? [];
    body.appendChild(uses.length ? usesTable(`${c.name}的捐赠使用情况（用于救助对象的，不公开受助人）`, uses) : el('p', '', '还没有登记的使用情况。'));

    body.appendChild(el('h4', '', '志愿服务'));
    const vol = d.volunteering ?? [];
    body.appendChild(vol.length ? volumeTable(`${c.name}的志愿服务（按类型合计）`, vol) : el('p', '', '还没有登记的志愿服务。'));

    body.appendChild(el('h4', '', '信用记录'));
    body.appendChild(el('p', '', `${credit.standingLabel}。`));
    const flags: any[] = credit.flags ?? [];
    if (flags.length) {
      const rows = flags.map((f) => [day(f.raisedAt), f.label, f.detail, (FLAG_STATUS[f.status] ?? f.status) + (f.resolution ? `：${f.resolution.note}` : '')]);
      body.appendChild(table(`${c.name}的核查线索和核查结论`, ['发现日期', '事项', '说明', '核查结论'], rows));
    }
  } catch {
    body.textContent = '';
    body.appendChild(el('p', 'callout', '现在读取不到这个慈善组织的公开信息，请稍后再看。'));
  }
}

// ---------- the list ----------
/** Volunteer service by type, summed over the charities listed so far. */
const volunteerTotals = new Map<string, { type: string; activities: number; volunteers: number; hours: number }>();

function addVolunteering(box: Element, rows: { type: string; activities: number; volunteers: number; hours: number }[]) {
  for (const v of rows) {
    const t = volunteerTotals.get(v.type) ?? { type: v.type, activities: 0, volunteers: 0, hours: 0 };
    t.activities += v.activities;
    t.volunteers += v.volunteers;
    t.hours += v.hours;
    volunteerTotals.set(v.type, t);
  }
  const slot = box.querySelector('[data-volunteering]')!;
  slot.textContent = '';
  if (!volunteerTotals.size) return;
  slot.appendChild(el('h3', '', '志愿服务合计'));
  slot.appendChild(volumeTable('志愿服务按类型合计（下列慈善组织）', [...volunteerTotals.values()]));
}

async function loadList(box: HTMLElement, cursor: string | null, wanted: string | null): Promise<void> {
  const data = await get(`/api/v1/donations/disclosures${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
  const list = box.querySelector('[data-list]')!;
  for (const c of data.charities ?? []) {
    renderCharity(c, list, c.charityId === wanted);
    addVolunteering(box, c.volunteering ?? []);
  }
  box.querySelector('[data-more]')?.remove();
  if (data.cursor) {
    const more = box.appendChild(moreButton('显示更多慈善组织', () => loadList(box, data.cursor, wanted)));
    more.setAttribute('data-more', '');
  }
  if (!list.children.length && !data.cursor) list.appendChild(el('p', 'callout', '暂无经核实的慈善组织公开捐赠信息。'));
}

function initList() {
  const box = document.getElementById('donations');
  if (!box) return;
  box.textContent = '';
  box.appendChild(el('div')).setAttribute('data-volunteering', '');
  box.appendChild(el('div')).setAttribute('data-list', '');
  loadList(box, null, new URLSearchParams(location.search).get('charity')).catch(() => {
    box.textContent = '';
    box.appendChild(el('p', 'callout', '现在读取不到捐赠信息，请稍后再看，或在“慈善中国”查询。'));
  });
}

// ---------- donor look-up ----------
function showDonations(result: HTMLElement, donations: any[]) {
  result.textContent = '';
  result.className = 'result';
  result.appendChild(el('h3', '', '您的捐赠'));
  donations.forEach((d, i) => {
    result.appendChild(
      dl([
        ['受赠慈善组织', d.charity],
        ['捐赠票据号', d.receiptNumber],
        ['捐赠日期', day(d.date)],
        ['捐赠人', d.donor],
        ['金额', yuan(d.amountFen) + (d.form === 'goods' ? '（物资估值）' : '')],
        ['用途', d.purpose + (d.restricted ? '（定向捐赠，只能用于这个用途）' : '')],
      ]),
    );
    const uses: any[] = d.usesOfPurpose ?? [];
    result.appendChild(uses.length ? usesTable(`“${d.purpose}”用途的使用情况${i ? `（第 ${i + 1} 笔）` : ''}`, uses) : el('p', '', '这个用途还没有登记使用情况。'));
  });
  result.appendChild(el('p', 'note', '同一用途的捐款合在一起使用，这里列出的是您的捐赠所在用途的全部使用情况。'));
  result.hidden = false;
  result.focus();
}

function initLookup() {
  const form = document.getElementById('donation-lookup') as HTMLFormElement | null;
  const result = document.getElementById('donation-lookup-result');
  const F = window.BozhouForms;
  if (!form || !result || !F) return;
  let busy = false;
  const value = (name: string) => (form.querySelector<HTMLInputElement>(`[name="${name}"]`)?.value ?? '').replace(/\s+/gu, '').toUpperCase();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (busy) return;
    const receiptNumber = value('receiptNumber');
    const idNumber = value('idNumber');
    const errors: { id: string; message: string }[] = [];
    if (!receiptNumber) errors.push({ id: 'receiptNumber', message: '请填写捐赠票据号' });
    if (!idNumber) errors.push({ id: 'idNumber', message: '请填写捐赠人的身份证号码' });
    else {
      const id = validateResidentId(idNumber);
      if (!id.ok) errors.push({ id: 'idNumber', message: id.message });
    }
    if (errors.length) {
      result.hidden = true;
      F.show(errors);
      return;
    }
    F.clear(document.getElementById('main'));
    busy = true;
    try {
      const r = await F.post('/api/v1/donations/lookup', { receiptNumber, idNumber });
      if (r.status === 200) showDonations(result, r.body.donations ?? []);
      else {
        result.hidden = true;
        const errs: { field: string; message: string }[] = r.body?.errors ?? [];
        if (errs.length) F.show(errs.map((e) => ({ id: e.field === 'idNumber' ? 'idNumber' : 'receiptNumber', message: e.message })));
        else F.show([{ id: 'receiptNumber', message: r.body?.detail || '暂时查不到，请稍后再试。' }]);
      }
    } catch {
      F.show([{ id: 'receiptNumber', message: '网络连接有问题，请稍后再试。' }]);
    } finally {
      busy = false;
    }
  });
}

onReady(() => {
  initList();
  initLookup();
});
