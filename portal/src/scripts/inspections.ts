/**
 * 双随机一公开: reads GET /api/v1/inspections (per county and month, per township: counts and issue
 * categories only, never personal data) and shows one table per draw. A kind empty state otherwise.
 */
import { el, getJson, onReady, table } from './tables.ts';

const ISSUES: Record<string, string> = { eligibility: '保障资格', amount: '救助金额', procedure: '办理程序', records: '档案记录', other: '其他' };

interface Township {
  name?: string;
  township: string;
  drawn: number;
  inspected: number;
  compliant: number;
  irregular: number;
  issues?: Record<string, number>;
}
interface Draw {
  county: string;
  countyName?: string;
  month: string;
  populationCount: number;
  size: number;
  townships?: Township[];
}

const issues = (map: Record<string, number> = {}) =>
  Object.entries(map)
    .map(([k, n]) => `${ISSUES[k] ?? k} ${n} 件`)
    .join('；') || '—';

onReady(async () => {
  const box = document.getElementById('inspections');
  if (!box) return;
  try {
    const data = await getJson<{ notice?: string; draws?: Draw[] }>('/api/v1/inspections');
    const draws = data.draws ?? [];
    box.textContent = '';
    if (data.notice) box.appendChild(el('p', '', data.notice));
    if (!draws.length) {
      box.appendChild(el('p', 'callout', '暂无公开的抽查结果。'));
      return;
    }
    for (const d of draws) {
      const county = d.countyName ?? d.county;
      box.appendChild(el('h3', '', `${county} ${d.month} 抽查`));
      box.appendChild(el('p', 'note', `从 ${d.populationCount} 件在保案件中随机抽取 ${d.size} 件。`));
      const rows = (d.townships ?? []).map((t) => [t.name ?? t.township, t.drawn, t.inspected, t.compliant, t.irregular, issues(t.issues)]);
      box.appendChild(table(`${county} ${d.month} 各乡镇（街道）抽查结果`, ['乡镇（街道）', '抽取', '已核查', '合规', '发现问题', '问题类别'], rows));
    }
  } catch {
    box.textContent = '';
    box.appendChild(el('p', 'callout', '现在读取不到抽查结果，请稍后再看。'));
  }
});
