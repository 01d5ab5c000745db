/**
 * The workbench's dynamic-management screens (staff-tasks.js) in Chromium against the REAL local gateway:
 * the Q4 review job makes re-check tasks; the caseworker completes one with "adjust" (the new amount and
 * the trace the API returns) and one with "end" (the notice with 行政复议 and 行政诉讼); the county uploads a
 * death list with a bad line (refused, the line named) and then a good one, and a data-match task appears
 * with the list it matched; the county reads task counts per township; the admin declares an emergency and
 * ends it; an inspector records findings and the public /inspections/ page shows the township's result.
 * axe on every screen; keyboard reachable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { apply, checkReport, must, visit } from '../integration/workflow-support.ts';
import { staffWorkbench } from './staff-support.ts';
import { HAVE_CHROMIUM, tabTo, focused } from './browser-support.ts';

declare const window: any;

let p: TestPlatform;
let base = '';
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const { desk, signIn, nav, checkAxe, axeFailures, start, stop } = staffWorkbench(clock);
const HOME = { county: '341602', township: '341602001' };

const yuan = (fen: number) => `${String(Math.floor(fen / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(fen % 100).padStart(2, '0')} 元`;
const ids = { a: idNumber('19660510', '711'), b: idNumber('19581122', '723'), c: idNumber('19620203', '735') };
const names = { a: '周桂芳', b: '吴国强', c: '郑秀珍' };
const refs: Record<string, string> = {};

function dibao(id: string, name: string, incomeFen: number) {
  return {
    type: 'dibao',
    applicant: { name, idNumber: id, phone: '13800007777' },
    area: { ...HOME, residence: 'urban', hukou: 'local' },
    household: { members: [{ name, idNumber: id, relation: 'self', monthlyIncomeFen: incomeFen }], assets: { financialFen: 0, vehicles: 0, properties: 1 } },
    consent: { economicCheck: true },
  };
}

describe.skipIf(!HAVE_CHROMIUM)('dynamic-management screens in Chromium, through the local gateway', () => {
  let cwToken = '';

  beforeAll(async () => {
    ({ p, base } = await start());
    // Three 低保 households enrolled in March, through the same API paths staff take.
    const tok = async () => ({
      cw: await p.tokenFor('caseworker', { township: HOME.township, sub: 'st-cw' }),
      ap: await p.tokenFor('approver', { township: HOME.township, sub: 'st-ap' }),
      check: await p.tokenFor('check', { county: HOME.county, sub: 'st-check' }),
    });
    let t = await tok();
    for (const k of ['a', 'b', 'c'] as const) {
      const ref = await apply(p, dibao(ids[k], names[k], 10_000));
      await must(p, t.cw, ref, 'accept');
      await must(p, t.check, ref, 'recordCheck', checkReport(false));
      await must(p, t.cw, ref, 'recordVisit', visit(false));
      await must(p, t.cw, ref, 'propose');
      await must(p, t.cw, ref, 'publicize');
      refs[k] = ref;
    }
    await p.runJob('publicity-close', '2026-03-09');
    clock.set('2026-03-09T09:00:00+08:00');
    t = await tok();
    for (const k of ['a', 'b', 'c'] as const) await must(p, t.ap, refs[k]!, 'approve');
    // 1 October: the Q4 review, run by hand through the platform as the scheduler would.
    const job = await p.call('POST', '/api/v1/dev/jobs/dibao-q4-review?date=2026-10-01');
    expect(job.status, job.text).toBe(200);
    clock.set('2026-10-09T09:00:00+08:00');
    cwToken = await p.tokenFor('caseworker', { township: HOME.township, sub: 'st-cw' });
  }, 240_000);

  afterAll(stop);

  let caseworker: Page;

  it('the caseworker sees the re-check tasks by due date and completes one with "adjust": the new amount and its trace', async () => {
    caseworker = await desk();
    await signIn(caseworker, 'caseworker', { township: HOME.township, sub: 'st-cw' });
    await nav(caseworker, '复核、走访和比对任务');
    await caseworker.locator('#tasks-table').waitFor();
    expect(await caseworker.locator('#view-title').textContent()).toBe('复核、走访和比对任务');
    const list = await caseworker.locator('#tasks-table').innerText();
    for (const k of ['a', 'b', 'c'] as const) expect(list).toContain(refs[k]);
    expect(list).toContain('2026-12-31');
    expect(list).not.toContain(ids.a);
    await checkAxe(caseworker, '/staff/?v=tasks (caseworker)');

    // Keyboard: Tab from the title reaches the task's link; Enter opens it in the same document.
    const marker = await caseworker.evaluate(() => (window.__doc = Math.random()));
    await caseworker.locator('#view-title').focus();
    await tabTo(caseworker, (f) => f.tag === 'a' && f.text.startsWith('低保家庭第四季度复核：周'));
    await caseworker.keyboard.press('Enter');
    await caseworker.locator('#task-outcome').waitFor();
    expect(await caseworker.evaluate(() => window.__doc)).toBe(marker);
    expect(await caseworker.locator('#view-title').textContent()).toContain('低保家庭第四季度复核');
    expect(await caseworker.locator('#task-body').innerText()).toContain(refs.a);
    await checkAxe(caseworker, '/staff/?v=task (open, form)');

    // Nothing chosen: the form says so next to the choice and in a summary that takes focus.
    await caseworker.getByRole('button', { name: '提交复核结果' }).click();
    await caseworker.locator('#task-outcome .error-summary').waitFor();
    expect(await caseworker.locator('#task-outcome .error-summary').innerText()).toContain('请选择复核结论');
    expect((await focused(caseworker)).cls).toContain('error-summary');
    await checkAxe(caseworker, '/staff/?v=task (errors)');

    const form = caseworker.locator('#task-outcome');
    await form.getByLabel('调整金额').check();
    await form.getByLabel('复核情况', { exact: true }).fill('入户核实：本人打零工，月收入增加到200元');
    await form.getByLabel(new RegExp(`${names.a}（本人`)).check();
    await form.getByLabel('新的月收入（元）').fill('200');
    await caseworker.getByRole('button', { name: '提交复核结果' }).click();
    await caseworker.locator('#task-result h2').waitFor();
    const result = await caseworker.locator('#task-result').innerText();
    expect(result).toContain('已登记：调整金额');
    expect(result).toContain('计算过程');
    expect(result).toContain('(五) 人均收入低于低保标准');
    const after = await p.call('GET', `/api/v1/cases/${refs.a}`, { token: cwToken });
    expect(after.body.household.members[0].monthlyIncomeFen).toBe(20_000);
    expect(await caseworker.locator('#task-new-amount').innerText()).toBe(yuan(after.body.enrolment.monthlyAmountFen));
    await expect.poll(() => caseworker.locator('#task-body').innerText()).toContain('已办结');
    await checkAxe(caseworker, '/staff/?v=task (adjusted)');
  }, 60_000);

  it('completes another with "end": reasons are required by the API, then the notice states 行政复议 and 行政诉讼', async () => {
    await caseworker.getByRole('link', { name: '返回任务列表' }).click();
    await caseworker.locator('#tasks-table').waitFor();
    expect(await caseworker.locator('#tasks-table').innerText()).not.toContain(refs.a);
    await caseworker.getByRole('link', { name: /低保家庭第四季度复核：吴/u }).click();
    await caseworker.locator('#task-outcome').waitFor();
    const form = caseworker.locator('#task-outcome');
    await form.getByLabel('终止救助').check();
    await form.getByLabel('复核情况', { exact: true }).fill('经核实，家庭已有稳定收入来源');
    await caseworker.getByRole('button', { name: '提交复核结果' }).click();
    // The API names `reasons`; the message sits by the reasons box.
    await caseworker.locator('#tk-reasons-error').waitFor();
    expect(await caseworker.locator('#task-outcome .error-summary').innerText()).toMatch(/终止理由/u);
    await form.getByLabel('理由（每行一条）').fill('家庭人均收入已超过本市低保标准\n家庭成员已购置商品房一套');
    await caseworker.getByRole('button', { name: '提交复核结果' }).click();
    await caseworker.locator('#task-notice').waitFor();
    const notice = await caseworker.locator('#task-result').innerText();
    expect(notice).toContain('终止救助通知书');
    expect(notice).toContain('行政复议');
    expect(notice).toContain('60日');
    expect(notice).toContain('6个月');
    expect(notice).toContain('家庭成员已购置商品房一套');
    expect((await p.call('GET', `/api/v1/cases/${refs.b}`, { token: cwToken })).body.status).toBe('ended');
    await checkAxe(caseworker, '/staff/?v=task (ended, notice)');
    expect((caseworker as any).problems).toEqual([]);
  }, 60_000);

  let county: Page;

  it('the county uploads a death list: a bad line is refused and named; a good list is listed; the match becomes a task naming the list', async () => {
    county = await desk();
    await signIn(county, 'county', { county: HOME.county, sub: 'st-county' });
    await nav(county, '比对名单上传');
    await county.locator('#dm-form').waitFor();
    await checkAxe(county, '/staff/?v=data-match');
    await county.getByLabel('名单类型').selectOption('deaths');
    await county.getByLabel('名单日期').fill('2026-09-30');
    await county.getByLabel('名单来源（提供部门和文号）').fill('谯城区殡仪馆火化名单（2026年9月）');
    await county.getByLabel('名单内容').fill(`idNumber,date,detail\n${ids.c},2026-09-20,亳州市殡仪馆火化\n341602198001011234,2026-09-21,火化`);
    await county.getByRole('button', { name: '上传名单' }).click();
    await county.locator('#dm-form .error-summary').waitFor();
    expect(await county.locator('#dm-form .error-summary').innerText()).toContain('第3行');
    expect(await county.locator('#dm-csv-error').innerText()).toContain('第3行');
    expect(await county.locator('#dm-lists').innerText()).toContain('还没有上传名单');
    await checkAxe(county, '/staff/?v=data-match (refused)');

    // The file picker reads the file into the request.
    await county.locator('#dm-file').setInputFiles({ name: 'deaths-2026-09.csv', mimeType: 'text/csv', buffer: Buffer.from(`idNumber,date,detail\n${ids.c},2026-09-20,亳州市殡仪馆火化\n`) });
    await expect.poll(() => county.getByLabel('名单内容').inputValue()).toContain(ids.c);
    await county.getByRole('button', { name: '上传名单' }).click();
    await expect.poll(() => county.locator('#flash').textContent(), { timeout: 10_000 }).toContain('已上传死亡和火化人员名单');
    await county.locator('#dm-lists table').waitFor();
    const lists = await county.locator('#dm-lists').innerText();
    expect(lists).toContain('谯城区殡仪馆火化名单（2026年9月）');
    expect(lists).not.toContain(ids.c);
    await checkAxe(county, '/staff/?v=data-match (uploaded)');

    const matched = await p.call('POST', '/api/v1/dev/jobs/data-match?date=2026-10-02');
    expect(matched.status, matched.text).toBe(200);
    expect(matched.body.created).toBe(1);

    await nav(caseworker, '复核、走访和比对任务');
    await caseworker.locator('#tasks-table').waitFor();
    const row = caseworker.locator('#tasks-table tr', { hasText: '数据比对疑点复核' });
    expect(await row.innerText()).toContain('比对：死亡和火化人员名单');
    expect(await row.innerText()).toContain(refs.c);
    await row.getByRole('link').click();
    await caseworker.locator('#task-evidence').waitFor();
    const evidence = await caseworker.locator('#task-evidence').innerText();
    expect(evidence).toContain('死亡和火化人员名单');
    expect(evidence).toContain('亳州市殡仪馆火化');
    expect(evidence).toContain('2026-09-20');
    expect(evidence).not.toContain(ids.c);
    await checkAxe(caseworker, '/staff/?v=task (data match)');
  }, 60_000);

  it('the county reads the tasks across the county with counts per township, read-only', async () => {
    await nav(county, '复核任务督办');
    await county.locator('#tasks-counts table').waitFor();
    const counts = await county.locator('#tasks-counts').innerText();
    expect(counts).toMatch(/花戏楼街道\s+2\s+0\s+0\s+2/u);
    await county.locator('#tasks-table').waitFor();
    expect(await county.locator('#tasks-table').innerText()).toContain('花戏楼街道');
    await checkAxe(county, '/staff/?v=tasks (county)');
    await county.getByRole('link', { name: /数据比对疑点复核/u }).click();
    await county.locator('#task-evidence').waitFor();
    expect(await county.locator('#task-outcome').count()).toBe(0);
    expect(await county.locator('#task-body').innerText()).toContain('县级只能查看');
    expect((county as any).problems).toEqual([]);
  }, 60_000);

  it('the admin declares an emergency (the API names a missing field) and ends it with a reason', async () => {
    const admin = await desk();
    await signIn(admin, 'admin', { sub: 'st-admin' });
    await nav(admin, '紧急救助');
    await admin.locator('#em-form').waitFor();
    await checkAxe(admin, '/staff/?v=emergencies (admin)');
    const em = admin.locator('#em-form');
    await em.getByLabel('地区').selectOption('341602');
    await em.getByLabel('事件名称').fill('2026年10月洪涝灾害');
    await em.getByLabel('开始日期').fill('2026-10-10');
    await em.getByLabel('低保标准').check();
    await em.getByLabel('提高倍数（可不填）').fill('1.2');
    await em.getByLabel('发放', { exact: true }).check();
    await em.getByLabel('公示天数').fill('3');
    await admin.getByRole('button', { name: '宣布紧急救助状态' }).click();
    await admin.locator('#em-source-error').waitFor();
    await checkAxe(admin, '/staff/?v=emergencies (errors)');
    await em.getByLabel('依据（文件名称和文号）').fill('亳政〔2026〕30号');
    await admin.getByRole('button', { name: '宣布紧急救助状态' }).click();
    // 低保 alone × 1.2 would leave 特困 under 1.3 × (六): refused, the message at the standards it names.
    await admin.locator('#em-raise-standards-error').waitFor();
    expect(await admin.locator('#em-raise-standards-error').innerText()).toContain('措施（六）');
    await checkAxe(admin, '/staff/?v=emergencies (六)');
    await em.getByLabel('特困人员供养标准').check();
    await em.getByLabel('免于民主评议').check();
    await admin.getByRole('button', { name: '宣布紧急救助状态' }).click();
    await expect.poll(() => admin.locator('#flash').textContent(), { timeout: 10_000 }).toContain('已宣布谯城区的紧急救助状态');
    await admin.locator('#em-list table').waitFor();
    const table = await admin.locator('#em-list table').innerText();
    expect(table).toContain('低保、特困 提高到 1.2 倍');
    expect(table).toContain('公示 3 天，免于民主评议');

    const card = admin.locator('#em-list .card', { hasText: '2026年10月洪涝灾害' });
    await card.getByLabel('最后一天').fill('2026-10-20');
    await card.getByLabel('结束理由').fill('洪水已退，群众生活恢复正常');
    await card.getByLabel('依据（文件名称和文号）').fill('亳政〔2026〕33号');
    await card.getByRole('button', { name: '提前结束' }).click();
    await expect.poll(() => admin.locator('#flash').textContent(), { timeout: 10_000 }).toContain('最后一天 2026-10-20');
    await expect.poll(() => admin.locator('#em-list table').innerText()).toContain('已提前结束（2026-10-20）');
    expect(await admin.locator('#em-list').innerText()).toContain('洪水已退');
    await checkAxe(admin, '/staff/?v=emergencies (ended)');

    expect((admin as any).problems).toEqual([]);
  }, 60_000);

  it('the county reads its emergencies; an inspector records findings; the county reads the draw with its seed and findings; /inspections/ publishes the township’s result', async () => {
    // The county reads its area's declarations (an address of the workbench; no nav entry), without the forms.
    await county.evaluate(() => window.BozhouStaff.go('/staff/?v=emergencies'));
    await county.locator('#em-list table').waitFor();
    expect(await county.locator('#em-list').innerText()).toContain('2026年10月洪涝灾害');
    expect(await county.locator('#em-form').count()).toBe(0);
    await checkAxe(county, '/staff/?v=emergencies (county)');

    const inspector = await desk();
    await signIn(inspector, 'inspector', { county: HOME.county, sub: 'st-inspector' });
    await nav(county, '双随机抽查');
    await county.getByLabel('登记抽查人员（人员账号）').fill('st-inspector');
    await county.getByRole('button', { name: '登记', exact: true }).click();
    await expect.poll(() => county.locator('#flash').textContent(), { timeout: 10_000 }).toContain('已将 st-inspector 登记为抽查人员');

    const drawn = await p.call('POST', '/api/v1/dev/jobs/random-inspection?date=2026-10-12');
    expect(drawn.status, drawn.text).toBe(200);
    expect(drawn.body.drawn).toBe(2); // a and c are the active cases left in 341602

    await nav(inspector, '抽查任务');
    await inspector.locator('#insp-open .card').first().waitFor();
    expect(await inspector.locator('#insp-open .card').count()).toBe(2);
    await checkAxe(inspector, '/staff/?v=inspections-work (inspector)');
    const first = inspector.locator('#insp-open .card').first();
    await first.getByLabel('符合规定').check();
    await first.getByLabel('抽查情况').fill('档案齐全，金额与规则计算一致');
    await first.getByRole('button', { name: '登记结论' }).click();
    await expect.poll(() => inspector.locator('#insp-open .card').count(), { timeout: 10_000 }).toBe(1);
    const second = inspector.locator('#insp-open .card').first();
    await second.getByLabel('发现问题').check();
    await second.getByLabel('抽查情况').fill('入户调查记录缺少签字');
    await second.getByRole('button', { name: '登记结论' }).click();
    await second.locator('.error-summary').waitFor();
    expect(await second.locator('.error-summary').innerText()).toContain('问题类别');
    await checkAxe(inspector, '/staff/?v=inspections-work (errors)');
    await second.getByLabel('档案记录').check();
    await second.getByRole('button', { name: '登记结论' }).click();
    await expect.poll(() => inspector.locator('#insp-open').innerText(), { timeout: 10_000 }).toContain('没有待核查的案件');
    expect(await inspector.locator('#insp-done').innerText()).toContain('发现问题');
    expect((inspector as any).problems).toEqual([]);

    await nav(county, '复核任务督办');
    await nav(county, '双随机抽查');
    await county.locator('#insp-draws .case-section').first().waitFor();
    expect(await county.locator('#insp-draws').innerText()).toMatch(/随机种子\s+[0-9a-f]{64}/u);
    await county.locator('#insp-draws summary').first().click();
    await county.locator('#insp-record-0 table').waitFor();
    const record = await county.locator('#insp-record-0').innerText();
    expect(record).toContain('结果与记录一致');
    expect(record).toContain('st-inspector');
    expect(record).toContain('入户调查记录缺少签字');
    expect(record).toContain('档案记录');
    await checkAxe(county, '/staff/?v=inspections-work (county)');

    const pub = await desk();
    await pub.goto(`${base}/inspections/`);
    await pub.locator('#inspections table').waitFor();
    const published = await pub.locator('#inspections').innerText();
    expect(published).toMatch(/花戏楼街道\s+2\s+2\s+1\s+1\s+档案记录 1 件/u);
    for (const secret of [ids.a, ids.c, names.a, names.c, refs.a!, refs.c!]) expect(published).not.toContain(secret);
    await checkAxe(pub, '/inspections/');
  }, 90_000);

  it('no axe violations on any screen', () => {
    expect(axeFailures).toEqual([]);
  });
});
