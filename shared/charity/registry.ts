import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { keyedHash, seal, type Sealed } from '../crypto/pii.ts';
import { validateCreditCode } from '../identifiers/credit-code.ts';
import { maskPhone } from '../identifiers/mask.ts';
import { isoShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import { conflict, forbidden, invalidField, notFound } from '../errors.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import { encodeCursor, decodeCursor } from '../store/page.ts';
import { commitAudited } from '../store/commit.ts';
import { declareAccount, publicAccount, type AccountInput, type DeclaredAccount } from './accounts.ts';
import { CHARITY_COLLECTIONS, CHARITY_ID, charityKeys } from './keys.ts';
import { requirePublishable } from './flags.ts';

/**
 * The charity registry (十六: 引导慈善力量参与、加强监管).
 *
 * Identity: a charity's id IS the `organisation` of its account's scope in the staff table (docs/architecture.md §
 * Identity and scope: scope is authoritative, revocable and never read from token attributes). The account is
 * provisioned with an organisation id first (locally by `POST /api/v1/dev/token`; in production by the
 * identity administrator), and registration fills in that organisation's record. So "a charity sees
 * and writes only its own records" is one comparison, `actor.organisation === charityId`, and revoking
 * the staff item revokes the access, with no second mapping to keep in step.
 */
export type CharityStatus = 'pending' | 'verified' | 'rejected' | 'revoked';

export interface RegistrationInput {
  name: string;
  creditCode: string;
  certificateNumber: string;
  publicFundraising: boolean;
  accounts: AccountInput[];
  contact: { name: string; phone: string };
}

export interface CharityItem {
  pk: string;
  sk: string;
  kind: 'charity';
  charityId: string;
  name: string;
  creditCode: string;
  /** GB 32100 check character failed on a well-formed code: the admin must look before verifying. */
  manualReview: boolean;
  certificateNumber: string;
  publicFundraising: boolean;
  accounts: DeclaredAccount[];
  contact: { name: string; phone: Sealed; phoneHash: string; phoneMasked: string };
  status: CharityStatus;
  version: number;
  registeredAt: string;
  registeredBy: string;
  verification?: { decision: 'verify' | 'reject'; reasons: string[]; by: string; at: string };
  /** 撤销核实: the admin withdrew a verification (e.g. confirmed misuse, registration cancelled). */
  revocation?: { reason: string; by: string; at: string };
  gsi4pk: string;
  gsi4sk: string;
  schemaVersion: number;
}

export const STATUS_LABELS: Record<CharityStatus, string> = { pending: '待审核', verified: '已核实', rejected: '未通过', revoked: '已撤销核实' };

export async function loadCharity(charityId: string): Promise<CharityItem | undefined> {
  if (!CHARITY_ID.test(charityId)) return undefined;
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: charityKeys.profile(charityId), ConsistentRead: true }));
  return out.Item as CharityItem | undefined;
}

/** The caller's own charity id: a charity account must carry an organisation id in its scope. */
export function ownCharityId(actor: Actor): string {
  const org = actor.organisation;
  if (!org) throw forbidden('organisation-missing', '您的账号尚未登记所属机构，请联系管理员。');
  if (!CHARITY_ID.test(org)) throw forbidden('organisation-id-unusable', '账号所属机构编号含有不支持的字符，请联系管理员。');
  return org;
}

/**
 * The authorization matrix in one place: a charity reaches only its own record; admin and auditor
 * reach every record (admin to supervise, auditor read-only by its routes).
 */
export async function charityFor(actor: Actor, charityId: string): Promise<CharityItem> {
  if (actor.role === 'charity' && ownCharityId(actor) !== charityId) {
    throw forbidden('not-your-charity', '只能查看和填报本机构的记录。');
  }
  const item = await loadCharity(charityId);
  if (!item) throw notFound('charity-not-found', '没有找到这个慈善组织。');
  return item;
}

/**
 * Only a verified charity records campaigns, donations, uses and volunteer activity (十六); a pending,
 * rejected or revoked one is refused with a 409 that says why. Reports stay open to a revoked charity:
 * its duty to account for what it raised does not end with the verification.
 */
export function requireVerified(c: CharityItem): void {
  if (c.status === 'verified') return;
  const detail = {
    pending: '本机构的登记尚待市民政局核实，核实通过后才能登记募捐、捐赠和使用情况。',
    rejected: '本机构的登记未通过核实，不能登记募捐、捐赠和使用情况。请按退回理由更正后联系市民政局。',
    revoked: `市民政局已撤销本机构的核实${c.revocation ? `（理由：${c.revocation.reason}）` : ''}，不能再登记募捐、捐赠和使用情况。已募集财产的公开义务不变；如有异议请联系市民政局。`,
  }[c.status];
  throw conflict('charity-not-verified', detail, { charityStatus: c.status });
}

function checkCreditCode(input: string): { code: string; manualReview: boolean } {
  const r = validateCreditCode(input);
  if (r.ok) return { code: r.creditCode, manualReview: false };
  // A malformed code is refused and named; a failed check character on a well-formed code is kept for
  // the admin: some codes issued before GB 32100 settled fail it (shared/identifiers/credit-code.ts).
  if (!r.manualReview) throw invalidField('creditCode', r.code, r.message);
  return { code: input.replace(/[\s\u3000]/g, '').toUpperCase(), manualReview: true };
}

export async function registerCharity(o: { actor: Actor; input: RegistrationInput; now: Date; idempotency?: Idempotency | undefined }): Promise<StoredAnswer> {
  const charityId = ownCharityId(o.actor);
  const { input } = o;
  const credit = checkCreditCode(input.creditCode);
  const seen = new Set<string>();
  const accounts: DeclaredAccount[] = [];
  for (const [i, a] of input.accounts.entries()) {
    const declared = await declareAccount(a);
    if (seen.has(declared.hash)) throw invalidField(`accounts.${i}.accountNumber`, 'duplicate', '同一账号重复登记');
    seen.add(declared.hash);
    accounts.push(declared);
  }
  const phone = input.contact.phone.replace(/\s+/g, '');
  const at = isoShanghai(o.now);
  const item: CharityItem = {
    ...charityKeys.profile(charityId),
    kind: 'charity',
    charityId,
    name: input.name,
    creditCode: credit.code,
    manualReview: credit.manualReview,
    certificateNumber: input.certificateNumber,
    publicFundraising: input.publicFundraising,
    accounts,
    contact: { name: input.contact.name, phone: await seal(phone), phoneHash: (await keyedHash('phone', phone)).hash, phoneMasked: maskPhone(phone) },
    status: 'pending',
    version: 1,
    registeredAt: at,
    registeredBy: o.actor.sub,
    gsi4pk: CHARITY_COLLECTIONS.charities,
    gsi4sk: `pending#${charityId}`,
    schemaVersion: SCHEMA_VERSION,
  };
  const answer: StoredAnswer = {
    status: 201,
    body: { charityId, status: 'pending', manualReview: credit.manualReview, ...(credit.manualReview ? { notice: '统一社会信用代码校验位不符，已转市民政局人工核实。' } : {}) },
  };
  return commitAudited({
    retryOnAuditHead: true,
    idempotency: o.idempotency,
    answer,
    now: o.now,
    items: [
      { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: tableName(), Item: { ...charityKeys.creditCode(credit.code), charityId, schemaVersion: SCHEMA_VERSION }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ],
    audit: { aggregate: `charity#${charityId}`, actor: o.actor, action: 'register', at, after: { ...item, contact: undefined, accounts: accounts.map((a) => a.hash) } },
    explain: (i) => {
      if (i === 0) throw conflict('charity-exists', '本机构已经登记，不必重复登记。', { charityId });
      throw conflict('credit-code-registered', '这个统一社会信用代码已由其他账号登记。如有疑问请联系市民政局。');
    },
  });
}

export interface VerificationInput {
  decision: 'verify' | 'reject';
  reasons: string[];
}

/** 市民政局 verifies or rejects a registration, on the record and with reasons. */
export async function decideCharity(o: { actor: Actor; charityId: string; input: VerificationInput; now: Date }): Promise<StoredAnswer> {
  const c = await loadCharity(o.charityId);
  if (!c) throw notFound('charity-not-found', '没有找到这个慈善组织。');
  if (c.status !== 'pending') throw conflict('charity-already-decided', `这个慈善组织的登记已${STATUS_LABELS[c.status]}，不能再次审核。`, { charityStatus: c.status });
  const { decision, reasons } = o.input;
  if (decision === 'reject' && reasons.length === 0) throw invalidField('reasons', 'required', '退回时请写明理由');
  if (decision === 'verify' && c.manualReview && reasons.length === 0) {
    throw invalidField('reasons', 'required', '该机构的统一社会信用代码校验位不符，核实通过时请写明人工核对的结果');
  }
  const status: CharityStatus = decision === 'verify' ? 'verified' : 'rejected';
  const at = isoShanghai(o.now);
  const verification = { decision, reasons, by: o.actor.sub, at };
  const answer: StoredAnswer = { status: 200, body: { charityId: c.charityId, status, reasons } };
  return commitAudited({
    retryOnAuditHead: true,
    answer,
    now: o.now,
    items: [
      {
        Update: {
          TableName: tableName(),
          Key: charityKeys.profile(c.charityId),
          UpdateExpression: 'SET #s = :s, verification = :v, version = :next, gsi4sk = :g',
          ConditionExpression: 'version = :version',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': status, ':v': verification, ':next': c.version + 1, ':version': c.version, ':g': `${status}#${c.charityId}` },
        },
      },
    ],
    audit: { aggregate: `charity#${c.charityId}`, actor: o.actor, action: decision, at, before: { status: c.status }, after: { status, reasons } },
    explain: () => {
      throw conflict('charity-changed', '这个慈善组织的记录刚被修改，请刷新后再审核。');
    },
  });
}

/**
 * 撤销核实 (十六: 监管): the admin withdraws a charity's verification, with a reason that is kept on the
 * record and shown to the charity. From then on `requireVerified` refuses its campaigns, donations and
 * uses; its past records stay disclosed with the status 已撤销核实, and its credit record stays public.
 * Only a verified charity can be revoked (a pending one is rejected through the verification route).
 */
export async function revokeCharity(o: { actor: Actor; charityId: string; reason: string; now: Date }): Promise<StoredAnswer> {
  requirePublishable('reason', o.reason);
  const c = await loadCharity(o.charityId);
  if (!c) throw notFound('charity-not-found', '没有找到这个慈善组织。');
  if (c.status === 'revoked') throw conflict('charity-already-revoked', '这个慈善组织的核实已经撤销。', { charityStatus: c.status });
  if (c.status !== 'verified') {
    throw conflict('charity-not-verified', `这个慈善组织的登记${STATUS_LABELS[c.status]}，只有已核实的慈善组织才能撤销核实${c.status === 'pending' ? '；待审核的登记请在审核时退回' : ''}。`, {
      charityStatus: c.status,
    });
  }
  const at = isoShanghai(o.now);
  const revocation = { reason: o.reason, by: o.actor.sub, at };
  return commitAudited({
    retryOnAuditHead: true,
    answer: { status: 200, body: { charityId: c.charityId, status: 'revoked', statusLabel: STATUS_LABELS.revoked, reason: o.reason } },
    now: o.now,
    items: [
      {
        Update: {
          TableName: tableName(),
          Key: charityKeys.profile(c.charityId),
          UpdateExpression: 'SET #s = :s, revocation = :r, version = :next, gsi4sk = :g',
          ConditionExpression: 'version = :version AND #s = :verified',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': 'revoked', ':r': revocation, ':next': c.version + 1, ':version': c.version, ':verified': 'verified', ':g': `revoked#${c.charityId}` },
        },
      },
    ],
    audit: { aggregate: `charity#${c.charityId}`, actor: o.actor, action: 'revoke', at, before: { status: c.status }, after: { status: 'revoked', reason: o.reason } },
    explain: () => {
      throw conflict('charity-changed', '这个慈善组织的记录刚被修改，请刷新后再操作。');
    },
  });
}

/** How the charity itself and the admin see a registration: accounts and contact masked. */
export function charityView(c: CharityItem) {
  return {
    charityId: c.charityId,
    name: c.name,
    creditCode: c.creditCode,
    manualReview: c.manualReview,
    certificateNumber: c.certificateNumber,
    publicFundraising: c.publicFundraising,
    accounts: c.accounts.map(publicAccount),
    contact: { name: c.contact.name, phone: c.contact.phoneMasked },
    status: c.status,
    statusLabel: STATUS_LABELS[c.status],
    registeredAt: c.registeredAt,
    ...(c.verification ? { verification: { decision: c.verification.decision, reasons: c.verification.reasons, at: c.verification.at } } : {}),
    ...(c.revocation ? { revocation: { reason: c.revocation.reason, at: c.revocation.at } } : {}),
  };
}

/** What the public sees of a charity: no contact person, no accounts; a revocation with its reason and date. */
export function publicCharity(c: CharityItem) {
  return {
    charityId: c.charityId,
    name: c.name,
    creditCode: c.creditCode,
    certificateNumber: c.certificateNumber,
    publicFundraising: c.publicFundraising,
    status: c.status,
    statusLabel: STATUS_LABELS[c.status],
    ...(c.revocation ? { revocation: { reason: c.revocation.reason, date: c.revocation.at.slice(0, 10) } } : {}),
  };
}

/** The statuses the public disclosure shows: verified charities, and revoked ones with their past. */
export const DISCLOSED_STATUSES: readonly CharityStatus[] = ['verified', 'revoked'];

/**
 * Registrations for the admin, by status (gsi4 `CHARITIES`, sk `<status>#<id>`). `statuses` (several)
 * filters the whole collection instead; a page may then hold fewer than `limit` items.
 */
export async function listCharities(o: { status?: CharityStatus | undefined; statuses?: readonly CharityStatus[]; cursor?: string | undefined; limit?: number }) {
  const several = !o.status && o.statuses?.length ? o.statuses : undefined;
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi4',
      KeyConditionExpression: o.status ? 'gsi4pk = :c AND begins_with(gsi4sk, :s)' : 'gsi4pk = :c',
      ...(several ? { FilterExpression: `#s IN (${several.map((_, i) => `:st${i}`).join(', ')})`, ExpressionAttributeNames: { '#s': 'status' } } : {}),
      ExpressionAttributeValues: {
        ':c': CHARITY_COLLECTIONS.charities,
        ...(o.status ? { ':s': `${o.status}#` } : {}),
        ...Object.fromEntries((several ?? []).map((st, i) => [`:st${i}`, st])),
      },
      Limit: o.limit ?? 50,
      ExclusiveStartKey: decodeCursor(o.cursor),
    }),
  );
  return { items: (page.Items ?? []) as CharityItem[], cursor: encodeCursor(page.LastEvaluatedKey) };
}
