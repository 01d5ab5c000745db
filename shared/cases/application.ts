import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { seal, keyedHash, type Sealed } from '../crypto/pii.ts';
import { commitAudited } from '../store/commit.ts';
import { AppError, conflict } from '../errors.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import { isoShanghai, dateShanghai } from '../clock.ts';
import { validateResidentId } from '../identifiers/resident-id.ts';
import { ageOn } from '../calendar/dates.ts';
import { bindingValue } from '../policy/parameters.ts';
import type { AreaInput, HouseholdInput, MemberInput } from '../rules/household.ts';
import type { AssistanceType } from '../rules/calculate.ts';
import { makeReference } from './reference-number.ts';
import { TYPE_PROFILES } from './assistance-types.ts';
import { applicationChecks } from './application-checks.ts';
import { inboxKeys, type CaseStatus } from './states.ts';
import { acceptanceDue } from './acceptance.ts';
import { parametersOn } from '../policy/store.ts';
import { agentRecord, type AgentInput, type StoredAgent } from './agent.ts';

/**
 * 申请 (十九)(二十): validated, stored with personal numbers sealed and hashed, made unique per person
 * and type by a uniqueness item inside the same transaction, audited, and answered once per
 * Idempotency-Key.
 */
export const CONSENT_TEXT_VERSION = 'hedui-authorisation-2026-01';

export interface ApplicationInput {
  type: AssistanceType;
  applicant: { name: string; idNumber?: string; phone: string };
  area: AreaInput;
  household: HouseholdInput;
  hardship?: { kind: 'emergency' | 'expenditure'; description: string; amountFen: number };
  consent?: { economicCheck: boolean };
  /** 代办: someone applying for the applicant (shared/cases/agent.ts). */
  agent?: AgentInput;
}

export interface StoredMember extends Omit<MemberInput, 'idNumber' | 'birthDate'> {
  birthDate?: string;
  sex?: 'male' | 'female';
  id?: { sealed: Sealed; hash: string; keyVersion: string };
  /** The registry's person (shared/registry): set when the case is linked at 受理. */
  person?: string;
}

export interface ApplicationItem {
  pk: string;
  sk: string;
  kind: 'application';
  reference: string;
  type: AssistanceType;
  status: CaseStatus;
  version: number;
  channel: 'portal' | 'grid' | 'window';
  area: AreaInput;
  applicant: { name: string; phone: Sealed; phoneHash: string; id?: { sealed: Sealed; hash: string; keyVersion: string } };
  household: Omit<HouseholdInput, 'members'> & { members: StoredMember[] };
  hardship?: ApplicationInput['hardship'];
  /** `via: 'agent'`: ticked by the 代办人; every adult member's own authorisation is still collected (shared/cases/agent.ts). */
  consent: { economicCheck: true; textVersion: string; at: string; adultMembers: number; via?: 'agent' } | null;
  /** 代办: who applied for the applicant, and the applicant's (or guardian's) consent to it. */
  agent?: StoredAgent;
  submittedAt: string;
  acceptedAt?: string;
  /** 受理 due by (shared/cases/acceptance.ts), set when the application is submitted. */
  acceptBy?: string;
  acceptByProvisional?: boolean;
  dueDate?: string;
  dueProvisional?: boolean;
  history: { status: CaseStatus; at: string; note?: string }[];
  schemaVersion: number;
  [index: string]: unknown;
}

/** Every rule of shared/cases/application-checks.ts at once (the schema ran them already for HTTP callers). */
function checkApplication(input: ApplicationInput, consentLater: boolean): void {
  const errors = applicationChecks(input, { consentLater });
  if (errors.length === 0) return;
  const first = errors[0]!;
  throw new AppError(
    400,
    'validation-failed',
    '填写的内容有误',
    errors.length === 1 ? `${first.field}：${first.message}` : `有 ${errors.length} 处需要修改，第一处：${first.field}（${first.message}）。`,
    errors,
  );
}

async function sealId(idNumber: string) {
  const id = validateResidentId(idNumber);
  if (!id.ok) throw new Error('unreachable: schema validated the ID');
  const { hash, keyVersion } = await keyedHash('id', id.idNumber);
  return { norm: id, stored: { sealed: await seal(id.idNumber), hash, keyVersion } };
}

async function nextSequence(county: string, date: string): Promise<number> {
  const out = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.referenceCounter(county, date),
      UpdateExpression: 'ADD seq :one SET expiresAt = if_not_exists(expiresAt, :ttl)',
      ExpressionAttributeValues: { ':one': 1, ':ttl': Math.floor(Date.now() / 1000) + 400 * 86400 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return out.Attributes!.seq as number;
}

export interface CreateOptions {
  input: ApplicationInput;
  now: Date;
  channel: ApplicationItem['channel'];
  actor: { sub: string; role: string };
  idempotency?: Idempotency;
  /** `reported`: a household found by a grid worker, waiting for consent (十九). */
  initialStatus?: Extract<CaseStatus, 'submitted' | 'reported'>;
}

export async function createApplication(o: CreateOptions): Promise<StoredAnswer> {
  const { input, now } = o;
  checkApplication(input, o.initialStatus === 'reported');
  const at = isoShanghai(now);
  const today = dateShanghai(now);

  // The parameters in force today (for the 受理 clock) are read while the rest is sealed.
  const paramsToday = parametersOn(today);
  // The sequence number and the sealing of personal data do not depend on each other: one wait, not several.
  const phone = input.applicant.phone.replace(/\s+/g, '');
  const [seq, applicantId, sealedMembers, phoneHash, sealedPhone] = await Promise.all([
    nextSequence(input.area.county, today),
    input.applicant.idNumber ? sealId(input.applicant.idNumber) : undefined,
    Promise.all(input.household.members.map((m) => (m.idNumber ? sealId(m.idNumber) : undefined))),
    keyedHash('phone', phone).then((h) => h.hash),
    seal(phone),
  ]);
  let adults = 0;
  const adultAge = bindingValue('civil.adultAge', today);
  const members: StoredMember[] = input.household.members.map((m, i) => {
    const { idNumber: _id, birthDate: givenBirth, ...rest } = m;
    const sealed = sealedMembers[i];
    const birthDate = sealed?.norm.ok ? sealed.norm.birthDate : givenBirth;
    if (birthDate && ageOn(birthDate, today) >= adultAge) adults++;
    return { ...rest, ...(birthDate ? { birthDate } : {}), ...(sealed?.norm.ok ? { sex: sealed.norm.sex } : {}), ...(sealed ? { id: sealed.stored } : {}) };
  });
  const agent = input.agent ? await agentRecord(input.agent, { name: input.applicant.name, ...(applicantId?.norm.ok ? { birthDate: applicantId.norm.birthDate } : {}) }, today, at) : undefined;
  const reference = makeReference(input.area.county, today, seq);
  const status: CaseStatus = o.initialStatus ?? 'submitted';
  const clock = status === 'submitted' ? acceptanceDue(await paramsToday, today) : undefined;
  const item: ApplicationItem = {
    ...keys.application(reference),
    kind: 'application',
    reference,
    type: input.type,
    status,
    version: 1,
    channel: o.channel,
    area: input.area,
    applicant: { name: input.applicant.name, phone: sealedPhone, phoneHash, ...(applicantId ? { id: applicantId.stored } : {}) },
    household: { ...input.household, members },
    ...(input.hardship ? { hardship: input.hardship } : {}),
    consent: input.consent?.economicCheck ? { economicCheck: true, textVersion: CONSENT_TEXT_VERSION, at, adultMembers: adults, ...(agent ? { via: 'agent' as const } : {}) } : null,
    ...(agent ? { agent } : {}),
    submittedAt: at,
    ...(clock ?? {}),
    history: [{ status, at }],
    schemaVersion: SCHEMA_VERSION,
    ...inboxKeys({ reference, status, township: input.area.township, county: input.area.county, ...(clock ? { dueDate: clock.acceptBy } : {}) }),
  };

  const answer: StoredAnswer = { status: 201, body: { reference, status } };
  const uniqueness = applicantId
    ? [
        {
          Put: {
            TableName: tableName(),
            Item: { ...keys.openApplication(applicantId.stored.hash, input.type), reference, keyVersion: applicantId.stored.keyVersion, schemaVersion: SCHEMA_VERSION },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]
    : [];
  return commitAudited({
    idempotency: o.idempotency,
    answer,
    now,
    items: [...uniqueness, { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }],
    audit: { aggregate: `case#${reference}`, actor: o.actor, action: status === 'reported' ? 'report' : 'apply', at, after: item, newChain: true },
    // A new case has a new chain: a head collision cannot happen, so there is nothing to retry.
    retryOnAuditHead: false,
    explain: async (index) => {
      if (!applicantId || index !== 0) return conflict('write-conflict', '系统繁忙，您的申请未保存，请重新提交。');
      const existing = await db().send(new GetCommand({ TableName: tableName(), Key: keys.openApplication(applicantId.stored.hash, input.type), ConsistentRead: true }));
      return conflict('duplicate-application', `该申请人已有一件正在办理的${TYPE_PROFILES[input.type].label}申请，申请编号 ${existing.Item?.reference}。请凭该编号查询进度，不必重复申请。`, {
        existingReference: existing.Item?.reference,
      });
    },
  });
}
