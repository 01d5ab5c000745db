/**
 * 救助标准: refreshes the build-time table from GET /api/v1/standards, so a newly published value shows
 * without a rebuild — formatted by the same shared/policy/format.ts the build used. If the API cannot be
 * reached, the build-time copy stays and the status line says so.
 */
import { formatYuan } from '../../../shared/money.ts';
import { formatValue } from '../../../shared/policy/format.ts';
import { getJson, onReady } from './tables.ts';

interface Published {
  id: string;
  value: unknown;
  unit: string;
  effectiveFrom: string;
  source: string;
  example?: boolean;
  simulation?: string;
}

function render(cell: Element, p: Published) {
  cell.textContent = '';
  const lines = formatValue(p.value, p.unit);
  if (lines.length === 1) cell.appendChild(document.createTextNode(lines[0]!));
  else {
    const ul = cell.appendChild(document.createElement('ul'));
    for (const l of lines) ul.appendChild(document.createElement('li')).textContent = l;
  }
  if (p.example) {
    const tag = cell.appendChild(document.createElement('span'));
    tag.className = 'example';
    tag.textContent = '示例值';
  }
}

/** For each value published after a policy simulation: its city-level effect (GET /api/v1/standards/simulations/{id}). */
function showEffects(parameters: Published[]) {
  const ids = [...new Set(parameters.map((p) => p.simulation).filter((id): id is string => !!id))];
  const section = document.getElementById('standards-effects');
  const list = document.getElementById('standards-effects-list');
  if (!section || !list || !ids.length) return;
  for (const id of ids) {
    getJson(`/api/v1/standards/simulations/${encodeURIComponent(id)}`)
      .then((e) => {
        const h = e.households ?? {};
        const diff = e.monthlyAfterFen - e.monthlyBeforeFen;
        list.appendChild(document.createElement('li')).textContent =
          `按 ${e.month} 测算：全市每月救助支出由 ${formatYuan(e.monthlyBeforeFen)} 变为 ${formatYuan(e.monthlyAfterFen)}` +
          `（每月${diff >= 0 ? '增加 ' : '减少 '}${formatYuan(Math.abs(diff))}，全年约 ${formatYuan(Math.abs(e.yearlyDifferenceFen))}）；` +
          `${h.gain ?? 0} 户增加，${h.lose ?? 0} 户减少，${h.becomeEligible ?? 0} 户新纳入，${h.loseEligibility ?? 0} 户不再符合条件。`;
        section.hidden = false;
      })
      .catch(() => {
        /* an effect that cannot be read is left out; the standards themselves still show */
      });
  }
}

onReady(async () => {
  const status = document.getElementById('standards-status');
  if (!status) return;
  try {
    const data = await getJson<{ date: string; parameters?: Published[] }>('/api/v1/standards');
    let changed = 0;
    for (const p of data.parameters ?? []) {
      const row = document.querySelector(`tr[data-param="${p.id}"]`);
      const value = row?.querySelector('[data-cell="value"]');
      if (!row || !value) continue;
      const before = value.textContent;
      render(value, p);
      if (value.textContent !== before) changed++;
      row.querySelector('[data-cell="from"]')!.textContent = `${p.effectiveFrom}起`;
      row.querySelector('[data-cell="src"]')!.textContent = p.source;
    }
    showEffects(data.parameters ?? []);
    status.textContent = `以下是 ${data.date} 执行的标准（已从平台读取最新数据${changed ? `，有 ${changed} 项比网页生成时有更新` : ''}）。`;
    status.setAttribute('data-state', 'live');
  } catch {
    status.textContent = `暂时无法读取最新标准，以下是本网站在 ${status.getAttribute('data-build-date')} 生成时的数据，可能不是最新的。如有疑问请拨打 12345。`;
    status.setAttribute('data-state', 'build');
  }
});
