/**
 * Wire shapes (docs/architecture.md § Wire shapes) as zod/mini schemas, with Chinese messages. Objects are strict:
 * unknown fields are refused. ID numbers go through resident-id.ts. For the public 试算 a
 * member may give `birthDate` instead of `idNumber` (mode 'estimate'); an application needs
 * the ID number (mode 'application').
 */
import * as z from 'zod/mini';
import { cleanText, nameText } from '../contract/clean-text.ts';
import { isIsoDate } from '../calendar/dates.ts';
import { validateResidentId } from '../identifiers/resident-id.ts';
import { ASSISTANCE_TYPES } from './calculate.ts';
import { EXPENSE_CATEGORIES, IMMEDIATE_CATEGORIES } from './linshi.ts';

export type MemberMode = 'application' | 'estimate';

/** County codes of Bozhou (GB/T 2260). Townships are 9-digit (or 12-digit) codes under them. */
export const COUNTY_CODES = ['341602', '341621', '341622', '341623'] as const;
export const RELATIONS = ['self', 'spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'other'] as const;
export const DISABILITY_CATEGORIES = ['physical', 'visual', 'hearing', 'speech', 'intellectual', 'mental', 'multiple'] as const;

const strict = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `不接受的字段：${issue.keys.join('、')}` : undefined),
  });

const fen = (label: string) => z.int({ error: `${label}必须是整数（单位：分）` }).check(z.minimum(0, `${label}不能为负数`), z.maximum(1e13, `${label}过大`));

const count = (label: string) => z.int({ error: `${label}必须是整数` }).check(z.minimum(0, `${label}不能为负数`), z.maximum(100, `${label}过大`));

export const isoDateSchema = z.string({ error: '日期必须是 YYYY-MM-DD 格式的字符串' }).check(z.refine(isIsoDate, '日期应为 YYYY-MM-DD 格式的有效日期'));

export const idNumberSchema = z.string({ error: '身份证号码必须是字符串' }).check(
  z.superRefine((value, ctx) => {
    const result = validateResidentId(value);
    if (!result.ok) ctx.issues.push({ code: 'custom', message: result.message, input: value, params: { code: result.code } });
  }),
);

export const areaSchema = strict({
  county: z.enum(COUNTY_CODES, { error: '县区代码应为 341602（谯城区）、341621（涡阳县）、341622（蒙城县）或 341623（利辛县）' }),
  township: z.string({ error: '请选择乡镇（街道）' }).check(z.regex(/^\d{9}(\d{3})?$/, '乡镇（街道）代码应为9位或12位数字')),
  residence: z.enum(['urban', 'rural'], { error: '居住地类型应为 urban（城市）或 rural（农村）' }),
  hukou: z.enum(['local', 'residencePermit', 'elsewhere'], { error: '户籍情况应为 local、residencePermit 或 elsewhere' }),
}).check(z.refine((a) => a.township.startsWith(a.county), { message: '乡镇（街道）不属于所选县区', path: ['township'] }));

export const disabilitySchema = strict({
  category: z.enum(DISABILITY_CATEGORIES, { error: '残疾类别应为 physical、visual、hearing、speech、intellectual、mental 或 multiple' }),
  grade: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: '残疾等级应为1至4级' }),
});

const memberShape = {
  name: nameText('姓名', 50),
  relation: z.enum(RELATIONS, { error: '与申请人关系应为 self、spouse、child、parent、grandparent、grandchild、sibling 或 other' }),
  disability: z.optional(disabilitySchema),
  illness: z.optional(z.literal('serious', { error: '重病情况只能填 serious' })),
  inSchool: z.optional(z.boolean({ error: '是否在校应为 true 或 false' })),
  orphanBenefit: z.optional(z.boolean({ error: '是否享受孤儿保障应为 true 或 false' })),
  employed: z.optional(z.boolean({ error: '是否就业应为 true 或 false' })),
  monthlyIncomeFen: fen('月收入'),
  employmentCostFen: z.optional(fen('就业成本')),
};

/** A member of an application: the ID number is required; birth date and sex come from it. */
export const applicationMemberSchema = strict({ ...memberShape, idNumber: idNumberSchema });

/** A member in the public 试算: exactly one of idNumber or birthDate. */
export const estimateMemberSchema = strict({
  ...memberShape,
  idNumber: z.optional(idNumberSchema),
  birthDate: z.optional(isoDateSchema),
}).check(
  z.refine((m) => (m.idNumber === undefined) !== (m.birthDate === undefined), {
    message: '请填写身份证号码或出生日期（二选一）',
    path: ['idNumber'],
  }),
);

export function memberSchema(mode: MemberMode) {
  return mode === 'application' ? applicationMemberSchema : estimateMemberSchema;
}

const obligorSchema = strict({
  relation: z.enum(RELATIONS, { error: '义务人关系不正确' }),
  monthlyIncomeFen: fen('义务人月收入'),
});

const assetsSchema = strict({
  financialFen: fen('金融资产'),
  vehicles: count('机动车数量'),
  properties: count('住房套数'),
});

function householdSchemaFor<M extends z.ZodMiniType>(member: M) {
  return strict({
    members: z.array(member, { error: '家庭成员应为列表' }).check(z.minLength(1, '至少填写一名家庭成员'), z.maxLength(30, '家庭成员过多')),
    assets: assetsSchema,
    obligors: z.optional(z.array(obligorSchema).check(z.maxLength(30, '义务人过多'))),
  });
}

export const applicationHouseholdSchema = householdSchemaFor(applicationMemberSchema);
export const estimateHouseholdSchema = householdSchemaFor(estimateMemberSchema);

/** The need (十三): 支出型 documented expenses and what others cover; 急难型 the immediate need. */
export const needSchema = strict({
  expenses: z.optional(
    z.array(strict({ category: z.enum(EXPENSE_CATEGORIES, { error: `支出类别应为：${EXPENSE_CATEGORIES.join('、')}` }), amountFen: fen('支出金额') })).check(z.maxLength(50, '支出最多50项')),
  ),
  covered: z.optional(
    strict({
      insuranceFen: z.optional(fen('商业保险赔付')),
      medicalInsuranceFen: z.optional(fen('医保报销')),
      otherAssistanceFen: z.optional(fen('其他救助')),
      otherPayersFen: z.optional(fen('其他渠道负担')),
    }),
  ),
  immediate: z.optional(
    z
      .array(strict({ category: z.enum(IMMEDIATE_CATEGORIES, { error: `紧急需要类别应为：${IMMEDIATE_CATEGORIES.join('、')}` }), amountFen: fen('紧急需要金额') }))
      .check(z.maxLength(20, '紧急需要最多20项')),
  ),
});

export const hardshipSchema = strict({
  kind: z.enum(['emergency', 'expenditure'], { error: '困难类型应为 emergency（急难型）或 expenditure（支出型）' }),
  description: z.string({ error: '请说明困难情况' }).check(...cleanText('困难情况说明'), z.trim(), z.minLength(1, '请说明困难情况'), z.maxLength(2000, '困难情况说明过长')),
  amountFen: fen('困难金额'),
  need: z.optional(needSchema),
});

const typeSchema = z.enum(ASSISTANCE_TYPES, { error: `救助类型应为：${ASSISTANCE_TYPES.join('、')}` });

function calculationInputSchemaFor<H extends z.ZodMiniType>(household: H) {
  return strict({
    type: typeSchema,
    date: isoDateSchema,
    area: areaSchema,
    household,
    hardship: z.optional(hardshipSchema),
  }).check(z.refine((c) => c.type !== 'linshi' || c.hardship !== undefined, { message: '临时救助须填写困难情况（hardship）', path: ['hardship'] }));
}

/** The public 试算 (`POST /api/v1/calculations`): birth dates allowed instead of ID numbers. */
export const calculationInputSchema = calculationInputSchemaFor(estimateHouseholdSchema);
/** The same shape where every member carries an ID number (case calculations). */
export const caseCalculationInputSchema = calculationInputSchemaFor(applicationHouseholdSchema);

export function calculationSchema(mode: MemberMode) {
  return mode === 'application' ? caseCalculationInputSchema : calculationInputSchema;
}

export type AreaWire = z.infer<typeof areaSchema>;
export type EstimateMemberWire = z.infer<typeof estimateMemberSchema>;
export type ApplicationMemberWire = z.infer<typeof applicationMemberSchema>;
export type HardshipWire = z.infer<typeof hardshipSchema>;
export type CalculationInputWire = z.infer<typeof calculationInputSchema>;
