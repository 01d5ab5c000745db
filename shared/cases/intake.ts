import { ageOn } from '../calendar/dates.ts';
import { addWorkingDaysProvisional } from '../calendar/working-days.ts';
import { parametersOn } from '../policy/store.ts';
import { acceptanceDue } from './acceptance.ts';
import { bindingValue } from '../policy/parameters.ts';
import { AppError, conflict, invalidField } from '../errors.ts';
import type { ActionBody } from '../contract/cases.ts';
import { CONSENT_TEXT_VERSION } from './application.ts';
import { TYPE_PROFILES } from './assistance-types.ts';
import { relativesOf } from './relatives.ts';
import { cancelOpenReferrals } from './referrals.ts';
import type { ActionContext, ActionOutcome } from './workflow.ts';
import { linkCase } from '../registry/link.ts';
import { chainForCase } from '../registry/chain.ts';

/**
 * 受理 (十九)(二十): accept, return for completion, withdraw, and the consent to the economic check.
 */

/**
 * Documents the government can look up itself, so an applicant is never asked for them (二十
 * “凡是能通过部门间信息共享获取的材料，不再要求申请人提供”). Each names who holds it.
 */
export const GOVERNMENT_HELD_DOCUMENTS: readonly { label: string; words: readonly string[]; heldBy: string }[] = [
  { label: '居民身份证', words: ['身份证'], heldBy: '公安机关（人口信息）' },
  { label: '户口簿', words: ['户口簿', '户口本', '户籍证明'], heldBy: '公安机关（户籍信息）' },
  { label: '低保证、特困证', words: ['低保证', '特困证', '救助证'], heldBy: '民政部门' },
  { label: '残疾人证', words: ['残疾证', '残疾人证'], heldBy: '残联' },
  { label: '婚姻登记证明', words: ['结婚证', '离婚证', '婚姻证明', '婚姻登记'], heldBy: '民政部门（婚姻登记）' },
  { label: '社保缴费证明', words: ['社保', '养老保险', '医疗保险缴费', '社会保险'], heldBy: '人力资源社会保障部门' },
  { label: '不动产登记证明', words: ['不动产', '房产证', '房屋所有权'], heldBy: '自然资源和规划部门' },
  { label: '车辆登记证明', words: ['车辆登记', '行驶证', '机动车登记'], heldBy: '公安交管部门' },
  { label: '工商登记信息', words: ['营业执照', '工商登记', '市场主体登记'], heldBy: '市场监管部门' },
  { label: '纳税证明', words: ['纳税', '完税'], heldBy: '税务部门' },
  { label: '死亡、火化证明', words: ['死亡证明', '火化证明'], heldBy: '卫生健康、民政部门' },
  { label: '公积金缴存证明', words: ['公积金'], heldBy: '住房公积金管理中心' },
];

export function governmentHeld(item: string) {
  return GOVERNMENT_HELD_DOCUMENTS.find((d) => d.words.some((w) => item.includes(w)));
}

/** The adult members (18 and over on `today`, 民法典 第十七条), by their index in the household. */
export function adultMembers(ctx: ActionContext<unknown>): number[] {
  const adultAge = bindingValue('civil.adultAge', ctx.today);
  return ctx.case.household.members.flatMap((m, i) => (m.birthDate && ageOn(m.birthDate, ctx.today) >= adultAge ? [i] : []));
}

export async function accept(ctx: ActionContext<ActionBody<'accept'>>): Promise<ActionOutcome> {
  // 20 official working days after 受理 (二十); provisional beyond the years the calendar covers.
  const params = await parametersOn(ctx.today);
  const workingDays = params.value('approval.workingDays');
  const due = addWorkingDaysProvisional(ctx.today, workingDays);
  const relatedTo = await relativesOf(ctx.case);
  // 一户一条救助链: the case joins its household in the registry, and the caseworker sees what each member already receives.
  const link = await linkCase(ctx.case, ctx.at);
  const registry = await chainForCase({ ...ctx.case, householdId: link.householdId }, ctx.actor);
  return {
    dueDate: due.date,
    items: link.items,
    set: {
      householdId: link.householdId,
      household: { ...ctx.case.household, members: link.members },
      acceptedAt: ctx.at,
      dueDate: due.date,
      dueProvisional: due.provisional,
      ...(relatedTo.length ? { relativeFlag: { relatedTo, at: ctx.at } } : {}),
    },
    note: `已受理，应于${due.date}前作出决定（${workingDays}个工作日${due.provisional ? '，日历尚未公布，日期为暂定' : ''}）`,
    answer: { dueDate: due.date, dueDateProvisional: due.provisional, relativeFlag: relatedTo.length > 0, registry: { ...registry, membersInOtherHouseholds: link.elsewhere } },
  };
}

export function returnForCompletion(ctx: ActionContext<ActionBody<'return'>>): ActionOutcome {
  ctx.body.items.forEach((entry, i) => {
    const held = governmentHeld(entry.item);
    if (held) {
      throw invalidField(`items.${i}.item`, 'government-can-look-up', `“${entry.item}”属于${held.label}，可由${held.heldBy}共享查询，不得要求申请人提供（二十）`);
    }
  });
  return {
    set: { returned: { items: ctx.body.items, ...(ctx.body.note ? { note: ctx.body.note } : {}), at: ctx.at } },
    note: `退回补正：${ctx.body.items.map((x) => x.item).join('、')}`,
    answer: { missingItems: ctx.body.items },
  };
}

export function withdraw(ctx: ActionContext<ActionBody<'withdraw'>>): ActionOutcome {
  const { items, referrals } = cancelOpenReferrals(ctx);
  return { set: { withdrawal: { reason: ctx.body.reason, at: ctx.at }, referrals }, items, note: '申请人撤回申请' };
}

/**
 * 核对授权 (二十): every adult member authorises the economic check, on the current text. A grid
 * report (`reported`) becomes a submitted application once all have signed; for 急难型临时救助 the
 * consent may follow the help (十三).
 */
export async function consent(ctx: ActionContext<ActionBody<'consent'>>): Promise<ActionOutcome> {
  const { body, case: c } = ctx;
  if (body.textVersion !== CONSENT_TEXT_VERSION) {
    throw new AppError(409, 'consent-text-outdated', '授权书版本不是现行版本', `请使用现行的核对授权书（版本 ${CONSENT_TEXT_VERSION}）重新签署。`, [
      { field: 'textVersion', code: 'outdated', message: `现行版本为 ${CONSENT_TEXT_VERSION}` },
    ]);
  }
  body.members.forEach((m, i) => {
    if (m.index >= c.household.members.length) throw invalidField(`members.${i}.index`, 'no-such-member', `家庭只有 ${c.household.members.length} 名成员`);
  });
  const signed = new Set(body.members.map((m) => m.index));
  const missing = adultMembers(ctx).filter((i) => !signed.has(i));
  if (missing.length) {
    throw invalidField('members', 'adult-missing', `每位成年家庭成员都须授权核对（二十），还缺第 ${missing.map((i) => i + 1).join('、')} 位成员`);
  }
  if (!TYPE_PROFILES[c.type].meansTested && c.status !== 'reported') {
    throw conflict('consent-not-needed', `${TYPE_PROFILES[c.type].label}不做经济状况核对，不需要核对授权。`);
  }
  const members = body.members.map((m) => ({ index: m.index, at: m.signedOn ?? ctx.today }));
  return {
    to: c.status === 'reported' ? 'submitted' : c.status,
    set: {
      consent: { economicCheck: true, textVersion: CONSENT_TEXT_VERSION, at: ctx.at, adultMembers: adultMembers(ctx).length, members },
      // A report becomes an application today: the 受理 clock starts (shared/cases/acceptance.ts).
      ...(c.status === 'reported' ? acceptanceDue(await parametersOn(ctx.today), ctx.today) : {}),
    },
    note: c.status === 'reported' ? '家庭成年成员已全部授权核对，转为已提交' : '已登记核对授权',
  };
}
