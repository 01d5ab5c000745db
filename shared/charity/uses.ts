import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { keyedHash, type Sealed, seal } from '../crypto/pii.ts';
import { validateResidentId } from '../identifiers/resident-id.ts';
import { validateCreditCode } from '../identifiers/credit-code.ts';
import type { IsoDate } from '../calendar/dates.ts';
import { isoShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import { conflict, forbidden, invalidField, notFound } from '../errors.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import type { TransactItem } from '../audit/chain.ts';
import { findTownship } from '../reference/areas.ts';
import { encodeCursor, decodeCursor } from '../store/page.ts';
import { commitAudited } from '../store/commit.ts';
import { formatYuan } from '../money.ts';
import { flagPut, raiseFlag, type FlagKind, type RaiseFlag } from './flags.ts';
import { CHARITY_COLLECTIONS, charityKeys } from './keys.ts';
import { isRestricted, normalizePurpose, type GiftForm } from './purpose.ts';
import { requireVerified, type CharityItem } from './registry.ts';

/**
 * 使用捐赠 (十六; 十一 for relief goods): to a project, to an assistance case (pending until the
 * township caseworker confirms the link), or as relief goods into a reserve.
 *
 * A use draws from ONE (form, purpose) pool with a conditional update in the same transaction as the
 * use itself (`balanceFen >= amount`), so two concurrent uses can never both overdraw it. A refused
 * attempt on a restricted pool raises a flag. A use whose recipient (or whose case's applicant) is a
 * donor of the same charity raises the 返现/返利/配捐 flag.
 */
export type Recipient = { type: 'person'; name: string; idNumber: string } | { type: 'organisation'; name: string; creditCode: string };

interface UseCommon {
  date: IsoDate;
  form?: GiftForm | undefined;
  amountFen: number;
  purpose?: string | undefined;
  campaignId?: string | undefined;
  description: string;
}

export type UseInput = UseCommon &
  ({ kind: 'project'; project: { name: string }; recipient?: Recipient | undefined } | { kind: 'case'; caseReference: string } | { kind: 'reserve'; reserve: { name: string; county: string } });

export type UseStatus = 'recorded' | 'pending' | 'confirmed' | 'rejected';

export interface UseItem {
  pk: string;
  sk: string;
  kind: 'use';
  charityId: string;
  useId: string;
  useKind: UseInput['kind'];
  date: IsoDate;
  form: GiftForm;
  amountFen: number;
  purpose: string;
  restricted: boolean;
  campaignId?: string;
  description: string;
  project?: { name: string };
  case?: { reference: string; township: string; county: string };
  reserve?: { name: string; county: string };
  recipient?: { type: 'person'; sealedId: Sealed; hash: string } | { type: 'organisation'; name: string; creditCode: string };
  status: UseStatus;
  version: number;
  flags: FlagKind[];
  recordedAt: string;
  recordedBy: string;
  confirmation?: { confirmed: boolean; note?: string; by: string; at: string };
  schemaVersion: number;
}

export const USE_KIND_LABELS: Record<UseInput['kind'], string> = { project: '慈善项目', case: '救助对象', reserve: '救灾物资储备（十一）' };

const balanceDraw = (charityId: string, form: GiftForm, purpose: string, fen: number): TransactItem => ({
  Update: {
    TableName: tableName(),
    Key: charityKeys.balance(charityId, form, purpose),
    UpdateExpression: 'SET balanceFen = balanceFen - :a, usedFen = usedFen + :a',
    ConditionExpression: 'balanceFen >= :a',
    ExpressionAttributeValues: { ':a': fen },
  },
});

async function balanceOf(charityId: string, form: GiftForm, purpose: string): Promise<number> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: charityKeys.balance(charityId, form, purpose), ConsistentRead: true }));
  return (out.Item?.balanceFen as number | undefined) ?? 0;
}

async function isDonor(charityId: string, donorKey: string): Promise<boolean> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: charityKeys.donor(charityId, donorKey), ConsistentRead: true }));
  return Boolean(out.Item);
}

async function storedRecipient(r: Recipient): Promise<{ stored: NonNullable<UseItem['recipient']>; donorKey: string }> {
  if (r.type === 'person') {
    const id = validateResidentId(r.idNumber);
    if (!id.ok) throw invalidField('recipient.idNumber', id.code, id.message);
    const { hash } = await keyedHash('id', id.idNumber);
    return { stored: { type: 'person', sealedId: await seal(id.idNumber), hash }, donorKey: `ID#${hash}` };
  }
  const code = validateCreditCode(r.creditCode);
  if (!code.ok && !code.manualReview) throw invalidField('recipient.creditCode', code.code, code.message);
  const creditCode = code.ok ? code.creditCode : r.creditCode.replace(/[\s\u3000]/g, '').toUpperCase();
  return { stored: { type: 'organisation', name: r.name, creditCode }, donorKey: `ORG#${creditCode}` };
}

/** The case a use goes to: its township (to route the confirmation) and its applicant's ID hash. */
async function caseOf(reference: string): Promise<{ township: string; county: string; applicantHash?: string }> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.application(reference), ConsistentRead: true }));
  const app = out.Item as { area?: { township: string; county: string }; applicant?: { id?: { hash: string } } } | undefined;
  if (!app?.area) throw invalidField('caseReference', 'unknown', '没有这个申请编号的救助案件');
  return { township: app.area.township, county: app.area.county, ...(app.applicant?.id?.hash ? { applicantHash: app.applicant.id.hash } : {}) };
}

export async function recordUse(o: { actor: Actor; charity: CharityItem; input: UseInput; now: Date; idempotency?: Idempotency | undefined }): Promise<StoredAnswer> {
  const { charity: c, input } = o;
  requireVerified(c);
  const form: GiftForm = input.form ?? 'money';
  const purpose = normalizePurpose(input.purpose);
  if (input.campaignId) {
    const camp = await db().send(new GetCommand({ TableName: tableName(), Key: charityKeys.campaign(c.charityId, input.campaignId), ConsistentRead: true }));
    if (!camp.Item) throw invalidField('campaignId', 'unknown', '本机构没有这项募捐活动');
  }
  const useId = `U${input.date.replaceAll('-', '')}${randomUUID().replaceAll('-', '').slice(0, 8).toUpperCase()}`;
  const flags: RaiseFlag[] = [];
  const payback = (detail: string) => flags.push({ charityId: c.charityId, flag: 'donor-payback', subject: useId, detail });

  let recipient: UseItem['recipient'];
  let theCase: UseItem['case'];
  if (input.kind === 'project' && input.recipient) {
    const r = await storedRecipient(input.recipient);
    recipient = r.stored;
    if (await isDonor(c.charityId, r.donorKey)) payback(`项目支出（${input.project.name}）的收款方是本机构的捐赠人。`);
  }
  if (input.kind === 'case') {
    const found = await caseOf(input.caseReference);
    theCase = { reference: input.caseReference, township: found.township, county: found.county };
    if (found.applicantHash && (await isDonor(c.charityId, `ID#${found.applicantHash}`))) payback('救助支出的受益人是本机构的捐赠人。');
  }

  const at = isoShanghai(o.now);
  const status: UseStatus = input.kind === 'case' ? 'pending' : 'recorded';
  const item: UseItem = {
    ...charityKeys.use(c.charityId, useId),
    kind: 'use',
    charityId: c.charityId,
    useId,
    useKind: input.kind,
    date: input.date,
    form,
    amountFen: input.amountFen,
    purpose,
    restricted: isRestricted(purpose),
    ...(input.campaignId ? { campaignId: input.campaignId } : {}),
    description: input.description,
    ...(input.kind === 'project' ? { project: input.project } : {}),
    ...(theCase ? { case: theCase } : {}),
    ...(input.kind === 'reserve' ? { reserve: input.reserve } : {}),
    ...(recipient ? { recipient } : {}),
    status,
    version: 1,
    flags: flags.map((f) => f.flag),
    recordedAt: at,
    recordedBy: o.actor.sub,
    schemaVersion: SCHEMA_VERSION,
  };
  const pointer = theCase
    ? [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...charityKeys.usePointer(useId),
              kind: 'use-pointer',
              charityId: c.charityId,
              charityName: c.name,
              useId,
              township: theCase.township,
              caseReference: theCase.reference,
              date: input.date,
              amountFen: input.amountFen,
              form,
              purpose,
              description: input.description,
              status,
              gsi4pk: CHARITY_COLLECTIONS.pendingUses(theCase.township),
              gsi4sk: `${input.date}#${useId}`,
              schemaVersion: SCHEMA_VERSION,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]
    : [];
  const { recipient: _r, ...auditable } = item;
  return commitAudited({
    retryOnAuditHead: true,
    idempotency: o.idempotency,
    answer: { status: 201, body: { useId, status, purpose, flags: item.flags } },
    now: o.now,
    items: [
      balanceDraw(c.charityId, form, purpose, input.amountFen),
      { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
      ...pointer,
      ...flags.map((f) => flagPut(f, o.now)),
    ],
    audit: { aggregate: `charity#${c.charityId}`, actor: o.actor, action: 'record-use', at, after: auditable },
    explain: async (i) => {
      if (i !== 0) throw conflict('use-conflict', '登记使用情况时记录发生变化，请重新提交。');
      const available = await balanceOf(c.charityId, form, purpose);
      if (isRestricted(purpose)) {
        await raiseFlag(
          {
            charityId: c.charityId,
            flag: 'restricted-overdraw-attempt',
            subject: purpose,
            detail: `试图从定向用途“${purpose}”使用 ${formatYuan(input.amountFen)}，超出余额 ${formatYuan(available)}。`,
          },
          o.now,
        );
      }
      throw conflict(
        'balance-insufficient',
        `用途“${purpose}”的${form === 'money' ? '资金' : '物资'}余额为 ${formatYuan(available)}，不足以支出 ${formatYuan(input.amountFen)}。定向捐赠只能用于约定的用途。`,
        {
          purpose,
          availableFen: available,
        },
      );
    },
  });
}

interface PointerItem {
  charityId: string;
  charityName: string;
  useId: string;
  township: string;
  caseReference: string;
  date: IsoDate;
  amountFen: number;
  form: GiftForm;
  purpose: string;
  description: string;
  status: UseStatus;
}

/** The township caseworker confirms (or declines) that a donation went to a case in the township. */
export async function confirmUse(o: { actor: Actor; useId: string; confirmed: boolean; note?: string | undefined; now: Date }): Promise<StoredAnswer> {
  const ptr = (await db().send(new GetCommand({ TableName: tableName(), Key: charityKeys.usePointer(o.useId), ConsistentRead: true }))).Item as PointerItem | undefined;
  if (!ptr) throw notFound('use-not-found', '没有找到这笔待确认的捐赠使用记录。');
  if (ptr.township !== o.actor.township) throw forbidden('not-your-township', '只能确认本乡镇（街道）救助对象的捐赠使用记录。');
  if (ptr.status !== 'pending') throw conflict('use-already-confirmed', `这笔记录已${ptr.status === 'confirmed' ? '确认' : '退回'}。`, { status: ptr.status });
  const use = (await db().send(new GetCommand({ TableName: tableName(), Key: charityKeys.use(ptr.charityId, o.useId), ConsistentRead: true }))).Item as UseItem;
  const status: UseStatus = o.confirmed ? 'confirmed' : 'rejected';
  const at = isoShanghai(o.now);
  const confirmation = { confirmed: o.confirmed, ...(o.note ? { note: o.note } : {}), by: o.actor.sub, at };
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tableName(),
        Key: charityKeys.usePointer(o.useId),
        UpdateExpression: 'SET #s = :s REMOVE gsi4pk, gsi4sk',
        ConditionExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': status, ':pending': 'pending' },
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: charityKeys.use(ptr.charityId, o.useId),
        UpdateExpression: 'SET #s = :s, confirmation = :c, version = :next',
        ConditionExpression: 'version = :v',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': status, ':c': confirmation, ':next': use.version + 1, ':v': use.version },
      },
    },
    // A declined link returns the amount to its pool: the money did not reach that case.
    ...(o.confirmed
      ? []
      : [
          {
            Update: {
              TableName: tableName(),
              Key: charityKeys.balance(ptr.charityId, use.form, use.purpose),
              UpdateExpression: 'SET balanceFen = balanceFen + :a, usedFen = usedFen - :a',
              ExpressionAttributeValues: { ':a': use.amountFen },
            },
          },
        ]),
  ];
  return commitAudited({
    retryOnAuditHead: true,
    answer: { status: 200, body: { useId: o.useId, status } },
    now: o.now,
    items,
    audit: { aggregate: `charity#${ptr.charityId}`, actor: o.actor, action: o.confirmed ? 'confirm-use' : 'decline-use', at, before: { status: 'pending' }, after: { status, confirmation } },
    explain: () => {
      throw conflict('use-already-confirmed', '这笔记录刚被他人处理，请刷新。');
    },
  });
}

/** Uses waiting for this township's confirmation (gsi4, sparse: only pending pointers carry it). */
export async function pendingUses(township: string, cursor?: string) {
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :p',
      ExpressionAttributeValues: { ':p': CHARITY_COLLECTIONS.pendingUses(township) },
      Limit: 50,
      ExclusiveStartKey: decodeCursor(cursor),
    }),
  );
  const items = ((page.Items ?? []) as PointerItem[]).map((p) => ({
    useId: p.useId,
    charityId: p.charityId,
    charityName: p.charityName,
    caseReference: p.caseReference,
    township: findTownship(p.township)?.name ?? p.township,
    date: p.date,
    form: p.form,
    amountFen: p.amountFen,
    purpose: p.purpose,
    description: p.description,
  }));
  return { items, cursor: encodeCursor(page.LastEvaluatedKey) };
}
