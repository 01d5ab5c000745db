import * as z from 'zod/mini';
import { nameText } from './clean-text.ts';
import { areaSchema, estimateHouseholdSchema, hardshipSchema, idNumberSchema } from '../rules/schemas.ts';
import { ASSISTANCE_TYPES } from '../rules/calculate.ts';
import { AGENT_RELATIONS, type AgentRelation } from '../cases/agent-relations.ts';
import { isoDate } from './common.ts';
import { applicationChecks, type CheckOptions } from '../cases/application-checks.ts';

/** `POST /api/v1/applications` (docs/architecture.md § Wire shapes). Spaces in ID and phone numbers are accepted. */
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

export const phoneSchema = z.string({ error: '请填写联系电话' }).check(
  z.overwrite((v) => v.replace(/\s+/g, '')),
  z.regex(PHONE, '请填写11位手机号码，或带区号的固定电话'),
);

const noSpaces = z.string({ error: '身份证号码必须是字符串' }).check(z.overwrite((v) => v.replace(/\s+/g, '').toUpperCase()));

/** 代办 (shared/cases/agent.ts): the person applying for the applicant, and the applicant's (or guardian's) consent. */
export const agentSchema = z.strictObject({
  name: nameText('代办人姓名', 50, '请填写代办人的姓名'),
  phone: phoneSchema,
  relation: z.enum(Object.keys(AGENT_RELATIONS) as [AgentRelation, ...AgentRelation[]], { error: '请选择代办人和申请人的关系' }),
  consent: z.strictObject(
    {
      by: z.enum(['applicant', 'guardian'], { error: '请选择是申请人本人还是监护人同意代办' }),
      guardianName: z.optional(nameText('监护人姓名', 50)),
      signedOn: z.optional(isoDate),
      confirmed: z.literal(true, { error: '需要申请人本人（或监护人）同意由您代为申请' }),
    },
    { error: '请说明申请人本人（或监护人）是否同意由您代为申请' },
  ),
});

const applicationShape = z.strictObject({
  type: z.enum(ASSISTANCE_TYPES, { error: `救助类型应为：${ASSISTANCE_TYPES.join('、')}` }),
  applicant: z.strictObject({
    name: nameText('申请人姓名', 50, '请填写申请人姓名'),
    // Optional only for 流浪乞讨 (十四); the rules below require it for every other type.
    idNumber: z.optional(z.pipe(noSpaces, idNumberSchema)),
    phone: phoneSchema,
  }),
  area: areaSchema,
  household: estimateHouseholdSchema,
  hardship: z.optional(hardshipSchema),
  consent: z.optional(z.strictObject({ economicCheck: z.literal(true, { error: '请勾选同意核对家庭经济状况' }) })),
  agent: z.optional(agentSchema),
});

/**
 * The application's own rules (shared/cases/application-checks.ts: where, consent, hardship, ID numbers),
 * run even when other fields are wrong, so a person sees every answer to change in one round.
 */
const withRules = (options: CheckOptions) =>
  z.superRefine(
    (app: unknown, ctx) => {
      for (const e of applicationChecks(app, options))
        ctx.addIssue({ code: 'custom', path: e.field.split('.').map((p) => (/^\d+$/u.test(p) ? Number(p) : p)), message: e.message, params: { code: e.code } });
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );

export const applicationSchema = applicationShape.check(withRules({}));
/** A household a grid worker reports (十九): the same, except that consent follows. */
export const reportSchema = applicationShape.check(withRules({ consentLater: true }));

export const lookupSchema = z.strictObject({
  reference: z.string({ error: '请填写申请编号' }).check(z.trim(), z.minLength(1, '请填写申请编号'), z.maxLength(40, '申请编号过长')),
  idNumber: z.string({ error: '请填写身份证号码' }).check(
    z.overwrite((v) => v.replace(/\s+/g, '').toUpperCase()),
    z.minLength(1, '请填写身份证号码'),
    z.maxLength(40, '身份证号码过长'),
  ),
});

/** 找回申请编号: the applicant's ID number and the phone given in the application (shared/notices/recovery.ts). */
export const recoverySchema = z.strictObject({
  idNumber: z.pipe(noSpaces, idNumberSchema),
  phone: z.string({ error: '请填写申请时登记的手机号码' }).check(
    z.overwrite((v) => v.replace(/\s+/g, '')),
    z.regex(/^1[3-9]\d{9}$/, '请填写申请时登记的11位手机号码'),
  ),
});

/** Saved drafts (shared/cases/drafts.ts): the journey's answers as they stand, bound to the applicant's ID number. */
const draftId = z.string({ error: '请填写申请人的身份证号码' }).check(
  z.overwrite((v) => v.replace(/\s+/g, '').toUpperCase()),
  z.minLength(1, '请填写申请人的身份证号码'),
  z.maxLength(40, '身份证号码过长'),
);
export const draftSaveSchema = z.strictObject({ idNumber: z.pipe(noSpaces, idNumberSchema), answers: z.record(z.string(), z.unknown(), { error: '没有要保存的内容' }) });
export const draftResumeSchema = z.strictObject({
  code: z.string({ error: '请填写保存码' }).check(z.trim(), z.minLength(1, '请填写保存码'), z.maxLength(30, '保存码过长')),
  idNumber: draftId,
});

export type ApplicationBody = z.infer<typeof applicationSchema>;
