/**
 * 公示: reads GET /api/v1/publicity (current rosters and 长期公示, already masked by the API) and shows
 * them as tables. When the list is empty or cannot be read, a kind "暂无公示" state; the page still
 * explains how to object.
 */
import { formatYuan } from '../../../shared/money.ts';
import { dayText, el, getJson, onReady, table } from './tables.ts';

interface Entry {
  name?: string;
  countyName?: string;
  townshipName?: string;
  township?: string;
  typeLabel?: string;
  type?: string;
  monthlyAmountFen?: number;
  oneOffAmountFen?: number;
  periodStart?: string;
  periodEnd?: string;
  reference?: string;
}

const fen = (v: unknown): number => (Number.isSafeInteger(Number(v)) ? Number(v) : 0);

function amount(e: Entry): string {
  const parts: string[] = [];
  if (fen(e.monthlyAmountFen) > 0) parts.push(`每月 ${formatYuan(fen(e.monthlyAmountFen))}`);
  if (fen(e.oneOffAmountFen) > 0) parts.push(`一次性 ${formatYuan(fen(e.oneOffAmountFen))}`);
  return parts.join('，') || '—';
}

const place = (e: Entry) => `${e.countyName ? `${e.countyName} ` : ''}${e.townshipName ?? e.township ?? ''}`;

onReady(async () => {
  const box = document.getElementById('publicity');
  if (!box) return;
  try {
    const data = await getJson<{ notice?: string; current?: Entry[]; rosters?: Entry[]; enrolled?: Entry[]; longTerm?: Entry[] }>('/api/v1/publicity');
    const current = data.current ?? data.rosters ?? [];
    const enrolled = data.enrolled ?? data.longTerm ?? [];
    box.textContent = '';
    if (data.notice) box.appendChild(el('p', '', data.notice));
    box.appendChild(el('h3', '', '正在公示'));
    if (current.length) {
      const rows = current.map((e) => [e.name ?? '', place(e), e.typeLabel ?? e.type ?? '', amount(e), `${dayText(e.periodStart)}至${dayText(e.periodEnd)}`, e.reference ?? '']);
      box.appendChild(table('正在公示的名单（公示期内可以提出异议）', ['姓名', '乡镇（街道）', '救助类型', '拟给予', '公示期', '公示编号'], rows));
    } else box.appendChild(el('p', '', '暂无正在公示的名单。'));
    box.appendChild(el('h3', '', '长期公示（正在享受救助的家庭）'));
    if (enrolled.length) {
      box.appendChild(
        table(
          '长期公示名单',
          ['姓名', '乡镇（街道）', '救助类型', '金额'],
          enrolled.map((e) => [e.name ?? '', place(e), e.typeLabel ?? e.type ?? '', amount(e)]),
        ),
      );
    } else box.appendChild(el('p', '', '暂无长期公示名单。'));
  } catch {
    box.textContent = '';
    box.appendChild(el('p', 'callout', '暂无公示。现在读取不到公示名单，请稍后再看，或到乡镇（街道）、村（社区）公示栏查看。'));
  }
});
