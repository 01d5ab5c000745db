import { describe, expect, it } from 'vitest';
import { calculationInputSchema, caseCalculationInputSchema, estimateMemberSchema } from '../../../shared/rules/schemas.ts';
import { idFor } from './helpers.ts';

const area = { county: '341602', township: '341602001', residence: 'urban', hukou: 'local' };
const estimateMember = { name: '张小三', birthDate: '2008-06-01', relation: 'self', monthlyIncomeFen: 0 };
const caseMember = { name: '张小三', idNumber: idFor('2008-06-01'), relation: 'self', monthlyIncomeFen: 0 };
const assets = { financialFen: 0, vehicles: 0, properties: 1 };
const input = (over: Record<string, unknown> = {}) => ({ type: 'tekun', date: '2026-03-01', area, household: { members: [estimateMember], assets }, ...over });

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => (r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message] as const);

describe('wire shapes (docs/architecture.md § Wire shapes), zod/mini with Chinese messages', () => {
  it('accepts a public 试算 with a birth date instead of an ID number', () => {
    expect(calculationInputSchema.safeParse(input()).success).toBe(true);
  });

  it('accepts an ID number, with spaces, in the 试算 too', () => {
    const r = calculationInputSchema.safeParse(input({ household: { members: [{ ...caseMember, idNumber: ` ${caseMember.idNumber} ` }], assets } }));
    expect(r.success).toBe(true);
  });

  it.each([
    ['an unknown field', input({ extra: 1 }), '', '不接受的字段：extra'],
    ['an unknown member field', input({ household: { members: [{ ...estimateMember, sex: 'male' }], assets } }), 'household.members.0', '不接受的字段：sex'],
    ['no members', input({ household: { members: [], assets } }), 'household.members', '至少填写一名家庭成员'],
    ['a fractional fen amount', input({ household: { members: [{ ...estimateMember, monthlyIncomeFen: 10.5 }], assets } }), 'household.members.0.monthlyIncomeFen', '月收入必须是整数（单位：分）'],
    ['a negative amount', input({ household: { members: [estimateMember], assets: { ...assets, financialFen: -1 } } }), 'household.assets.financialFen', '金融资产不能为负数'],
    [
      'disability grade 5',
      input({ household: { members: [{ ...estimateMember, disability: { category: 'physical', grade: 5 } }], assets } }),
      'household.members.0.disability.grade',
      '残疾等级应为1至4级',
    ],
    [
      'an unknown relation',
      input({ household: { members: [{ ...estimateMember, relation: 'cousin' }], assets } }),
      'household.members.0.relation',
      '与申请人关系应为 self、spouse、child、parent、grandparent、grandchild、sibling 或 other',
    ],
    ['临时救助 without hardship', input({ type: 'linshi' }), 'hardship', '临时救助须填写困难情况（hardship）'],
    ['an unknown type', input({ type: 'pension' }), 'type', expect.stringContaining('救助类型应为')],
    ['an impossible date', input({ date: '2026-02-29' }), 'date', '日期应为 YYYY-MM-DD 格式的有效日期'],
    ['a township of another county', input({ area: { ...area, township: '341621001' } }), 'area.township', '乡镇（街道）不属于所选县区'],
    ['a bad ID number', input({ household: { members: [{ ...caseMember, idNumber: '341602200806011230' }], assets } }), 'household.members.0.idNumber', expect.stringContaining('校验位')],
    ['a 15-digit ID number', input({ household: { members: [{ ...caseMember, idNumber: '341602080601123' }], assets } }), 'household.members.0.idNumber', expect.stringContaining('15位')],
  ])('refuses %s, naming the field', (_label, body, path, message) => {
    const r = calculationInputSchema.safeParse(body);
    expect(r.success).toBe(false);
    expect(issues(r)).toContainEqual([path, message]);
  });

  it('the 试算 needs exactly one of idNumber or birthDate', () => {
    expect(estimateMemberSchema.safeParse({ ...estimateMember, idNumber: caseMember.idNumber }).success).toBe(false);
    const { birthDate: _b, ...neither } = estimateMember;
    expect(issues(estimateMemberSchema.safeParse(neither))).toContainEqual(['idNumber', '请填写身份证号码或出生日期（二选一）']);
  });

  it('case calculations require the ID number and refuse birthDate', () => {
    expect(caseCalculationInputSchema.safeParse(input({ household: { members: [caseMember], assets } })).success).toBe(true);
    expect(caseCalculationInputSchema.safeParse(input()).success).toBe(false);
  });
});
