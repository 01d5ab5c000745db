import * as z from 'zod/mini';
import { cleanText, nameText } from './clean-text.ts';
import { isoDate } from './common.ts';
import { applicationMemberSchema, disabilitySchema, idNumberSchema, RELATIONS } from '../rules/schemas.ts';
import type { RouteContract } from './index.ts';

/**
 * Request shapes of the registry (shared/registry): the 户档案, its search by ID number, and household
 * events. Shapes only; what an event does to the household and its enrolments is the registry's.
 * Members are named by their index in the household as the 户档案 lists them now.
 */
const strict = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `不接受的字段：${issue.keys.join('、')}` : undefined) });

const member = z.int({ error: '成员序号应为整数（户档案中从0开始的序号）' }).check(z.minimum(0, '成员序号从0开始'), z.maximum(29, '成员序号过大'));
const fen = (label: string) => z.int({ error: `${label}必须是整数（单位：分）` }).check(z.minimum(0, `${label}不能为负数`), z.maximum(1e13, `${label}过大`));
const note = z.optional(z.string().check(...cleanText('说明'), z.trim(), z.minLength(1, '说明至少1个字'), z.maxLength(500, '说明不能超过500个字')));
const base = { date: isoDate, note };

/** A newborn may not have an ID number yet: a provisional person, merged when the number is registered. */
const newborn = strict({
  name: nameText('姓名', 50),
  relation: z.enum(RELATIONS, { error: '与户主关系应为 self、spouse、child、parent、grandparent、grandchild、sibling 或 other' }),
  idNumber: z.optional(idNumberSchema),
});

export const HOUSEHOLD_EVENT_KINDS = ['death', 'birth', 'moveIn', 'moveOut', 'income', 'work', 'school', 'disability', 'illness', 'careLevel', 'assets'] as const;

export const householdEventSchema = z.discriminatedUnion(
  'kind',
  [
    strict({ kind: z.literal('death'), ...base, member, crematedOn: z.optional(isoDate) }),
    strict({ kind: z.literal('birth'), ...base, child: newborn }),
    strict({ kind: z.literal('moveIn'), ...base, person: applicationMemberSchema }),
    strict({ kind: z.literal('moveOut'), ...base, member }),
    strict({ kind: z.literal('income'), ...base, member, monthlyIncomeFen: fen('月收入') }),
    strict({ kind: z.literal('work'), ...base, member, employed: z.boolean({ error: '是否就业应为 true 或 false' }), monthlyIncomeFen: fen('月收入'), employmentCostFen: z.optional(fen('就业成本')) }),
    strict({ kind: z.literal('school'), ...base, member, inSchool: z.boolean({ error: '是否在校应为 true 或 false' }) }),
    strict({ kind: z.literal('disability'), ...base, member, disability: z.nullable(disabilitySchema) }),
    strict({ kind: z.literal('illness'), ...base, member, serious: z.boolean({ error: '是否患重病应为 true 或 false' }) }),
    strict({ kind: z.literal('careLevel'), ...base, member, careLevel: z.enum(['full', 'half', 'self'], { error: '护理等级应为 full（全护理）、half（半护理）或 self（自理）' }) }),
    strict({
      kind: z.literal('assets'),
      ...base,
      assets: strict({ financialFen: fen('金融资产'), vehicles: z.int().check(z.minimum(0), z.maximum(100)), properties: z.int().check(z.minimum(0), z.maximum(100)) }),
    }),
  ],
  { error: `事件类型（kind）应为：${HOUSEHOLD_EVENT_KINDS.join('、')}` },
);

export type HouseholdEvent = z.infer<typeof householdEventSchema>;

/** The classes of the low-income register (shared/registry/register.ts), and how a household got there. */
export const REGISTER_CLASS_IDS = ['dibao', 'tekun', 'marginal', 'rigidSpending', 'county'] as const;
export const ENTRY_ROUTE_IDS = ['application', 'assessment', 'alert'] as const;
const reason = z.string({ error: '请写明理由' }).check(...cleanText('理由'), z.trim(), z.minLength(2, '理由至少2个字'), z.maxLength(500, '理由不能超过500个字'));
const registerClass = z.enum(REGISTER_CLASS_IDS, { error: '类别应为 dibao（低保）、tekun（特困）、marginal（低保边缘）、rigidSpending（刚性支出困难）或 county（县区认定的其他类别）' });

export const registerSchema = z.discriminatedUnion(
  'action',
  [
    strict({
      action: z.literal('enter'),
      class: registerClass,
      label: z.optional(nameText('类别名称', 30)),
      reason,
      since: isoDate,
      entry: strict({
        by: z.enum(ENTRY_ROUTE_IDS, { error: '纳入途径应为 application（经申请）、assessment（经评估）或 alert（由预警核实）' }),
        reference: z.optional(z.string().check(z.regex(/^[A-Z0-9-]{6,40}$/, '申请编号格式不正确'))),
        alertId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9.-]{3,120}$/, '预警编号格式不正确'))),
      }),
    }),
    strict({ action: z.literal('leave'), class: registerClass, reason, on: isoDate }),
  ],
  { error: 'action 应为 enter（纳入）或 leave（退出）' },
);

export const REGISTRY_CONTRACT = {
  'POST /api/v1/households/{id}/register': {
    body: registerSchema,
    idempotent: true,
    responses: {
      200: '`{ householdId, class, classLabel, basis, reason, since, entry, status, left? }`',
      409: 'already on the register in this class, not on it (leave), or not under the 低保边缘 line; the detail names the figures',
    },
  },
  'GET /api/v1/households/{id}': {
    responses: {
      200: '户档案: members (masked), former members, every case of every member, amounts paid by month, dated events, audit trail',
      403: 'outside the caller’s township or county',
      404: 'no such household',
    },
  },
  'POST /api/v1/households/search': {
    body: strict({ idNumber: idNumberSchema, purpose: z.optional(z.string().check(...cleanText('用途'), z.trim(), z.minLength(2), z.maxLength(200))) }),
    responses: { 200: '`{ householdId }` of the person’s household (the search is audited)', 404: 'the person is not in the registry' },
  },
  'POST /api/v1/households/{id}/events': {
    body: householdEventSchema,
    idempotent: true,
    responses: {
      201: '`{ householdId, event, effects: [{ reference, before, after, notice? }] }`: each enrolment recomputed by the rules',
      409: 'a member moving in already holds an incompatible benefit elsewhere; `conflictingReference` names it',
    },
  },
} satisfies Record<string, RouteContract>;
