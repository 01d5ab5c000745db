import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { getMany } from '../store/batch-get.ts';
import { queryAll, queryPages } from '../store/query.ts';
import { cancellationCodes, isConditionFailed, isTransactionCanceled } from '../store/errors.ts';
import { keys } from '../store/keys.ts';
import { auditItems, type AuditInput, type TransactItem } from '../audit/chain.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { charityKeys } from '../charity/keys.ts';
import { rosterPk } from '../cases/roster.ts';
import type { CaseItem } from '../cases/case.ts';
import { payKeys, reserveKeys, socialWorkerKeys } from './keys.ts';
import { compactVersions, type LedgerEntry } from './ledger.ts';
import { beforeLedgerWrite } from './faults.ts';
import type { PaymentFileMeta, Phase, RunItem } from './runs.ts';
import type { BatchMessage } from './producer.ts';
import type { Exception } from './plan.ts';
import type { ResultItem, RetryMarker } from './results.ts';
import type { PayeeItem } from './payees.ts';
import type { FuneralClaim } from './funeral.ts';
import type { DocumentationItem } from './advance.ts';
import type { ReserveMovement } from './township-reserve.ts';

/**
 * The payments module's data access (docs/architecture.md § Layers): every DynamoDB read and write of
 * shared/payments/ is here, one entity at a time — its keys (keys.ts) and its named access patterns — so
 * the domain files keep the rules and never build a request. A write keeps its condition here, beside the
 * item it guards; a condition that fails comes back as an outcome (false, undefined), never as an SDK
 * exception. Every query pages through shared/store/query.ts.
 */

type Key = { pk: string; sk: string };
type Query = Omit<QueryCommandInput, 'TableName'>;

const get = async <T>(key: Key): Promise<T | undefined> => (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item as T | undefined;

/** One page of a query (a list with a Limit, one step of the producer): queryPages, stopped after the first. */
async function firstPage(input: Query): Promise<{ items: Record<string, unknown>[]; lastKey: Record<string, unknown> | undefined }> {
  const page = await queryPages(input).next();
  return page.done ? { items: [], lastKey: undefined } : { items: page.value.Items ?? [], lastKey: page.value.LastEvaluatedKey };
}

/** One transaction. Cancelled, it answers with each item's code (`ConditionalCheckFailed` …) instead of throwing. */
async function transact(items: TransactItem[]): Promise<{ ok: true } | { ok: false; codes: (string | undefined)[] }> {
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
    return { ok: true };
  } catch (error) {
    if (!isTransactionCanceled(error)) throw error;
    return { ok: false, codes: cancellationCodes(error) };
  }
}

/** A put for a transaction that creates: only if the item does not exist yet. */
const createPut = (item: Record<string, unknown>): TransactItem => ({
  Put: { TableName: tableName(), Item: { ...item, schemaVersion: SCHEMA_VERSION }, ConditionExpression: 'attribute_not_exists(pk)' },
});

/** The county's supervision index (gsi3): payment follow-ups beside its cases, tasks and referrals. */
const countyIndex = (county: string, sk: string) => ({ gsi3pk: `CTY#${county}`, gsi3sk: sk });

/** A payment run: `PAY#RUN#<runId>` / `RUN`, listed per county on gsi4 `PAYRUNS#<county>` by month. */
export const runs = {
  get: (runId: string) => get<RunItem>(payKeys.run(runId)),

  /** Creates the run with its first audit event; false when the run exists already. */
  async create(run: RunItem, audit: AuditInput): Promise<boolean> {
    const item = { ...payKeys.run(run.runId), ...run, gsi4pk: payKeys.runList(run.county), gsi4sk: run.month };
    return (await transact([createPut(item), ...(await auditItems(audit))])).ok;
  },

  /** The county's latest run before this month (gsi4, newest first). */
  async previous(county: string, month: string): Promise<RunItem | undefined> {
    const { items } = await firstPage({
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk < :m',
      ExpressionAttributeValues: { ':pk': payKeys.runList(county), ':m': month },
      ScanIndexForward: false,
      Limit: 1,
    });
    return items[0] as RunItem | undefined;
  },

  /** The county's latest runs, newest first (one page). */
  async list(county: string, limit: number): Promise<RunItem[]> {
    const { items } = await firstPage({
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :pk',
      ExpressionAttributeValues: { ':pk': payKeys.runList(county) },
      ScanIndexForward: false,
      Limit: limit,
    });
    return items as unknown as RunItem[];
  },

  /**
   * Adds one batch to the counters and marks it counted, in one conditional update: undefined when the batch
   * was counted already or the run no longer runs. Returns the run as it now is.
   */
  async countBatch(runId: string, batch: { n: number; ids: string[] }, add: { entries: number; amountFen: number; exceptions: number }): Promise<RunItem | undefined> {
    try {
      const out = await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: payKeys.run(runId),
          UpdateExpression: 'ADD done :n, entries :e, amountFen :a, #x :x, counted :batch',
          ConditionExpression: '#s = :running AND NOT contains(counted, :n0)',
          ExpressionAttributeNames: { '#x': 'exceptions', '#s': 'status' },
          ExpressionAttributeValues: { ':n': batch.ids.length, ':e': add.entries, ':a': add.amountFen, ':x': add.exceptions, ':batch': new Set([batch.n]), ':n0': batch.n, ':running': 'running' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes as RunItem;
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  },

  /**
   * The producer's step, in one transaction: the batch items it is about to send and the run's new checkpoint,
   * only from the page it read (`page`). False when another producer moved the checkpoint on.
   */
  async checkpoint(runId: string, page: number, batchItems: BatchMessage[], next: { phase: Phase; cursor: Record<string, unknown> | null; cases: number }): Promise<boolean> {
    const outcome = await transact([
      ...batchItems.map((b) => createPut({ ...payKeys.batch(runId, b.n), ...b })),
      {
        Update: {
          TableName: tableName(),
          Key: payKeys.run(runId),
          UpdateExpression: 'SET phase = :phase, #c = :cursor, page = page + :one, producerDone = :done ADD #total :n',
          ConditionExpression: 'page = :page AND #s = :running',
          ExpressionAttributeNames: { '#c': 'cursor', '#total': 'total', '#s': 'status' },
          ExpressionAttributeValues: { ':phase': next.phase, ':cursor': next.cursor, ':one': 1, ':done': next.phase === 'done', ':n': next.cases, ':page': page, ':running': 'running' },
        },
      },
    ]);
    return outcome.ok;
  },

  /** Running → finished with its audit event, once the producer is done and every case is written; false for the loser. */
  async finish(runId: string, at: string, audit: AuditInput): Promise<boolean> {
    const finish: TransactItem = {
      Update: {
        TableName: tableName(),
        Key: payKeys.run(runId),
        UpdateExpression: 'SET #s = :fin, finishedAt = :at',
        ConditionExpression: '#s = :run AND producerDone = :t AND done = #total',
        ExpressionAttributeNames: { '#s': 'status', '#total': 'total' },
        ExpressionAttributeValues: { ':fin': 'finished', ':run': 'running', ':at': at, ':t': true },
      },
    };
    return (await transact([finish, ...(await auditItems(audit))])).ok;
  },

  async recordFile(runId: string, file: PaymentFileMeta | null): Promise<void> {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: payKeys.run(runId),
        UpdateExpression: 'SET #f = :f',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#f': 'file' },
        ExpressionAttributeValues: { ':f': file },
      }),
    );
  },

  /**
   * An event on the run's chain alone (a download, an import), tried `attempts` times on a fresh head: a
   * concurrent event moves the head. False when every attempt lost.
   */
  async appendEvent(audit: AuditInput, attempts: number): Promise<boolean> {
    for (let attempt = 0; attempt < attempts; attempt++) if ((await transact(await auditItems(audit))).ok) return true;
    return false;
  },
};

/** What the producer sent: `PAY#RUN#<runId>` / `BATCH#<n>`, with the exceptions its consumer found. */
export const batches = {
  /** The run's batches page by page (consistent), as the messages they were sent as. */
  async *pages(runId: string): AsyncGenerator<BatchMessage[]> {
    for await (const page of queryPages({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :b)',
      ExpressionAttributeValues: { ':pk': payKeys.run(runId).pk, ':b': 'BATCH#' },
      ProjectionExpression: '#t, runId, n, phase, ids',
      ExpressionAttributeNames: { '#t': 'type' },
      ConsistentRead: true,
    }))
      yield (page.Items ?? []) as BatchMessage[]; // projected to the message's fields
  },

  /** Keeps the batch's exceptions; the first delivery's list stays (a redelivery changes nothing). */
  async keepExceptions(runId: string, n: number, exceptions: Exception[]): Promise<void> {
    try {
      await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: payKeys.batch(runId, n),
          UpdateExpression: 'SET #x = :x',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#x)',
          ExpressionAttributeNames: { '#x': 'exceptions' },
          ExpressionAttributeValues: { ':x': exceptions },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  },

  async exceptionsOf(runId: string): Promise<Exception[]> {
    const items = await queryAll<{ exceptions?: Exception[] }>({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :b)',
      ExpressionAttributeValues: { ':pk': payKeys.run(runId).pk, ':b': 'BATCH#' },
      ProjectionExpression: '#x',
      ExpressionAttributeNames: { '#x': 'exceptions' },
    });
    return items.flatMap((b) => b.exceptions ?? []);
  },
};

/**
 * What a run pays, per phase, as the producer pages through it: the county's roster (shared/cases/roster.ts,
 * small items read consistently from the table itself), then gsi3 — approved 临时救助 decided since
 * `approvedSince`, funeral claims due, failed payments waiting for a retry. One page per call.
 */
export const work = {
  async page(
    county: string,
    phase: Phase,
    o: { cursor: Record<string, unknown> | null | undefined; limit: number; approvedSince: string },
  ): Promise<{ ids: string[]; lastKey: Record<string, unknown> | undefined }> {
    const page = await firstPage({ ...workQuery(county, phase, o.approvedSince), Limit: o.limit, ...(o.cursor ? { ExclusiveStartKey: o.cursor } : {}) });
    return { ids: page.items.map((i) => String(phase === 'retry' ? i.paymentId : i.reference)), lastKey: page.lastKey };
  },
};

function workQuery(county: string, phase: Phase, approvedSince: string): Query {
  const base = { IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :p)' };
  const pk = `CTY#${county}`;
  switch (phase) {
    case 'active':
      return {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': rosterPk(county) },
        ProjectionExpression: '#r',
        ExpressionAttributeNames: { '#r': 'reference' },
        ConsistentRead: true,
      };
    case 'approved':
      return {
        ...base,
        FilterExpression: '#t = :linshi AND #d.#at >= :since',
        ExpressionAttributeNames: { '#r': 'reference', '#t': 'type', '#d': 'decision', '#at': 'at' },
        ExpressionAttributeValues: { ':pk': pk, ':p': 'APP#approved#', ':linshi': 'linshi', ':since': approvedSince },
        ProjectionExpression: '#r',
      };
    case 'due':
      return { ...base, ExpressionAttributeValues: { ':pk': pk, ':p': 'PAYDUE#' }, ProjectionExpression: '#r', ExpressionAttributeNames: { '#r': 'reference' } };
    case 'retry':
      return { ...base, ExpressionAttributeValues: { ':pk': pk, ':p': 'PAYRETRY#' }, ProjectionExpression: 'paymentId' };
    default:
      throw new Error(`no query for phase ${phase}`);
  }
}

/** The stored item of an entry. Its keys come last: an entry built from a stored one (a reversal) must not keep that item's keys. */
export function entryItem(e: LedgerEntry) {
  return {
    ...e,
    ...payKeys.entry(e.reference, e.period, e.kind),
    parameterVersions: compactVersions(e.parameterVersions),
    gsi4pk: payKeys.runIndex(e.runId),
    gsi4sk: e.paymentId,
    schemaVersion: SCHEMA_VERSION,
  };
}

export type WriteOutcome = 'written' | 'already-this-run' | 'already-elsewhere';
type PaymentId = { reference: string; period: string; kind: string };

/**
 * The ledger, append-only: `PAY#CASE#<ref>` / `ENTRY#<period>#<kind>` (the payment id), on gsi4 `PAYRUN#<runId>`;
 * the bank's outcome beside it, `RESULT#<period>#<kind>`.
 */
export const ledger = {
  /** A Put for a transaction (the approve hook, retries, reversals): only if this payment does not exist yet. */
  put: (e: LedgerEntry): TransactItem => ({ Put: { TableName: tableName(), Item: entryItem(e), ConditionExpression: 'attribute_not_exists(pk)' } }),

  /** The conditional put. An existing entry is reported with the run that wrote it, so counts stay exact on retry. */
  async write(e: LedgerEntry): Promise<WriteOutcome> {
    beforeLedgerWrite();
    try {
      await db().send(new PutCommand({ TableName: tableName(), Item: entryItem(e), ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
      return 'written';
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      const old = (error as { Item?: Record<string, { S?: string } | string> }).Item;
      const field = (name: string) => (old?.[name] && typeof old[name] === 'object' ? (old[name] as { S?: string }).S : old?.[name]);
      return field('runId') === e.runId && field('origin') === e.origin ? 'already-this-run' : 'already-elsewhere';
    }
  },

  get: (id: PaymentId) => get<LedgerEntry>(payKeys.entry(id.reference, id.period, id.kind)),

  /** Every entry of one case (consistent), or of one period of it: what the ledger already paid. */
  entriesOf: (reference: string, period?: string) =>
    queryAll<LedgerEntry>({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': payKeys.casePk(reference), ':p': period ? `ENTRY#${period}#` : 'ENTRY#' },
      ConsistentRead: true,
    }),

  /** Each payment's entry and bank result (if any), in the order asked. */
  async withResults(ids: PaymentId[]): Promise<{ entry?: LedgerEntry; result?: ResultItem }[]> {
    const found = await getMany<Record<string, unknown>>(ids.flatMap((id) => [payKeys.entry(id.reference, id.period, id.kind), payKeys.result(id.reference, id.period, id.kind)]));
    const byKey = new Map(found.map((i) => [`${i.pk}|${i.sk}`, i]));
    const at = (k: Key) => byKey.get(`${k.pk}|${k.sk}`);
    return ids.map((id) => {
      const entry = at(payKeys.entry(id.reference, id.period, id.kind)) as LedgerEntry | undefined;
      const result = at(payKeys.result(id.reference, id.period, id.kind)) as ResultItem | undefined;
      return { ...(entry ? { entry } : {}), ...(result ? { result } : {}) };
    });
  },

  /** A run's entries and results (gsi4 `PAYRUN#<runId>`, eventually consistent), a page at a time. */
  async *runPages(runId: string): AsyncGenerator<Record<string, unknown>[]> {
    for await (const page of queryPages({ IndexName: 'gsi4', KeyConditionExpression: 'gsi4pk = :pk', ExpressionAttributeValues: { ':pk': payKeys.runIndex(runId) }, Limit: 1000 }))
      yield page.Items ?? [];
  },

  /** A reversal with its audit event, in one transaction: 'reversed', 'already-reversed' (the reversal exists), or 'busy'. */
  async reverse(reversal: LedgerEntry, audit: AuditInput): Promise<'reversed' | 'already-reversed' | 'busy'> {
    const outcome = await transact([ledger.put(reversal), ...(await auditItems(audit))]);
    if (outcome.ok) return 'reversed';
    return outcome.codes[0] === 'ConditionalCheckFailed' ? 'already-reversed' : 'busy';
  },
};

/** A bank outcome and, for a failure, the retry marker (`PAY#RETRY#<paymentId>`, gsi3 `PAYRETRY#`): one transaction per payment. */
export const outcomes = {
  /** False when the outcome was recorded already (a concurrent import, a second run of the file). */
  async record({ result, marker }: { result: ResultItem; marker?: RetryMarker | undefined }): Promise<boolean> {
    const items = [createPut({ ...payKeys.result(result.reference, result.period, result.kind), ...result, gsi4pk: payKeys.runIndex(result.runId), gsi4sk: `${result.paymentId}#result` })];
    if (marker) items.push(createPut({ ...payKeys.retry(marker.paymentId), ...marker, ...countyIndex(marker.county, `PAYRETRY#${marker.paymentId}`) }));
    return (await transact(items)).ok;
  },
};

export const retries = {
  getMany: (paymentIds: string[]) => getMany<RetryMarker>(paymentIds.map((id) => payKeys.retry(id))),

  /** The retry's entry and the marker's removal, in one transaction; false when either was done already. */
  async pay(entry: LedgerEntry, markerId: string): Promise<boolean> {
    return (await transact([ledger.put(entry), { Delete: { TableName: tableName(), Key: payKeys.retry(markerId), ConditionExpression: 'attribute_exists(pk)' } }])).ok;
  },
};

/** 收款账户: `PAY#PAYEE#<ref>` / `PAYEE`, versioned. */
export const payees = {
  get: (reference: string) => get<PayeeItem>(payKeys.payee(reference)),
  getMany: (references: string[], o: { consistent?: boolean } = {}) =>
    getMany<PayeeItem>(
      references.map((r) => payKeys.payee(r)),
      o,
    ),

  /** Creates, or replaces the item read (`existing`, by its version); false when someone changed it meanwhile. */
  async put(item: PayeeItem, existing: Pick<PayeeItem, 'version'> | undefined): Promise<boolean> {
    try {
      await db().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...payKeys.payee(item.reference), ...item, schemaVersion: SCHEMA_VERSION },
          ConditionExpression: existing ? 'version = :v' : 'attribute_not_exists(pk)',
          ...(existing ? { ExpressionAttributeValues: { ':v': existing.version } } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },
};

/** 丧葬补助 claims: `PAY#FUNERAL#<ref>` / `CLAIM`, on the county's due list (gsi3 `PAYDUE#funeral#<ref>`) until paid. */
export const funerals = {
  getMany: (references: string[]) => getMany<FuneralClaim>(references.map((r) => payKeys.funeral(r))),

  /** The claim, the person's once-only item and the audit event, in one transaction; false when either exists. */
  async record(claim: FuneralClaim, once: TransactItem, audit: AuditInput): Promise<boolean> {
    const put = createPut({ ...payKeys.funeral(claim.reference), ...claim, ...countyIndex(claim.county, `PAYDUE#funeral#${claim.reference}`) });
    return (await transact([put, once, ...(await auditItems(audit))])).ok;
  },

  /** The claim leaves the county's due list once its entry is in the ledger. */
  async markPaid(reference: string, paymentId: string): Promise<void> {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: payKeys.funeral(reference),
        UpdateExpression: 'SET #s = :paid, paymentId = :id REMOVE gsi3pk, gsi3sk',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':paid': 'paid', ':id': paymentId },
      }),
    );
  },
};

/** 先行救助's after-the-fact documentation: `PAY#DOC#<ref>` / `DOC`, on gsi3 `PAYDOC#<status>#<due>#<ref>`. */
export const documentation = {
  get: (reference: string) => get<DocumentationItem>(payKeys.documentation(reference)),
  getMany: (references: string[]) => getMany<DocumentationItem>(references.map((r) => payKeys.documentation(r))),
  /** Opened in the approve transaction. */
  open: (doc: DocumentationItem): TransactItem => createPut({ ...payKeys.documentation(doc.reference), ...doc, ...countyIndex(doc.county, `PAYDOC#pending#${doc.due}#${doc.reference}`) }),

  /** Pending → done (the condition refuses a second time). */
  async markDone(doc: DocumentationItem, on: string, note: string): Promise<void> {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: payKeys.documentation(doc.reference),
        UpdateExpression: 'SET #s = :done, doneOn = :on, note = :note, gsi3sk = :sk',
        ConditionExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':done': 'done', ':pending': 'pending', ':on': on, ':note': note, ':sk': `PAYDOC#done#${doc.due}#${doc.reference}` },
      }),
    );
  },
};

/** A township's 备用金: its account, movements and monthly reconciliations (keys.ts `reserveKeys`). */
export const reserves = {
  account: (township: string) => get<Record<string, unknown>>(reserveKeys.account(township)),

  /** A draw, for the approval's transaction: the balance must cover it (conditional update). */
  drawItems: (township: string, move: ReserveMovement & { reference: string }): TransactItem[] => [
    {
      Update: {
        TableName: tableName(),
        Key: reserveKeys.account(township),
        UpdateExpression: 'SET balanceFen = balanceFen - :a, drawnFen = if_not_exists(drawnFen, :zero) + :a, updatedAt = :at',
        ConditionExpression: 'balanceFen >= :a',
        ExpressionAttributeValues: { ':a': move.amountFen, ':zero': 0, ':at': move.at },
      },
    },
    createPut({ ...reserveKeys.movement(township, move.at, move.reference), ...move, township }),
  ],

  /** Funding, for the audited commit: the balance afterwards stays within `limitFen`. */
  fundItems: (township: string, id: string, move: ReserveMovement, limitFen: number): TransactItem[] => [
    {
      Update: {
        TableName: tableName(),
        Key: reserveKeys.account(township),
        UpdateExpression: 'SET balanceFen = if_not_exists(balanceFen, :zero) + :a, fundedFen = if_not_exists(fundedFen, :zero) + :a, county = :c, township = :t, updatedAt = :at, schemaVersion = :v',
        // The balance after funding stays within the limit: balance ≤ limit − amount.
        ConditionExpression: 'attribute_not_exists(balanceFen) OR balanceFen <= :room',
        ExpressionAttributeValues: { ':a': move.amountFen, ':zero': 0, ':c': township.slice(0, 6), ':t': township, ':at': move.at, ':v': SCHEMA_VERSION, ':room': limitFen - move.amountFen },
      },
    },
    createPut({ ...reserveKeys.movement(township, move.at, id), ...move, township }),
  ],

  movements: (township: string) =>
    queryAll<ReserveMovement & Record<string, unknown>>({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)',
      ExpressionAttributeValues: { ':pk': reserveKeys.account(township).pk, ':m': 'MOVE#' },
      ConsistentRead: true,
    }),

  /** The latest reconciliations the job recorded, newest first (one page). */
  async reconciliations(township: string, limit: number): Promise<Record<string, unknown>[]> {
    const { items } = await firstPage({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
      ExpressionAttributeValues: { ':pk': reserveKeys.account(township).pk, ':r': 'RECON#' },
      ScanIndexForward: false,
      Limit: limit,
    });
    return items;
  },

  /** One record per township and month, holding the latest result (a rerun after a fix overwrites it). */
  async putReconciliation(township: string, month: string, result: Record<string, unknown>): Promise<void> {
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...reserveKeys.reconciliation(township, month), ...result, township, schemaVersion: SCHEMA_VERSION } }));
  },
};

/** The social-worker register (十七), payroll apart from assistance. */
export const socialWorkers = {
  /** False when the certificate is registered already. */
  async register(item: Record<string, unknown> & { county: string; certificateNumber: string }): Promise<boolean> {
    try {
      await db().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...socialWorkerKeys.worker(item.county, item.certificateNumber), ...item, schemaVersion: SCHEMA_VERSION },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },
  ofCounty: <T>(county: string) => queryAll<T>({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': socialWorkerKeys.county(county) }, ConsistentRead: true }),
};

/** What the run reads of declarations made elsewhere: emergencies (charity keys) and the 价格联动 items (`PRICE`). */
export const declared = {
  emergencies: <T>(area: string) => queryAll<T>({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)', ExpressionAttributeValues: { ':pk': charityKeys.emergencyPk(area), ':d': 'DECL#' } }),
  /** Every CPI and link month (`CPI#…` to `LINK#…`), consistent. */
  priceItems: () =>
    queryAll<Record<string, any>>({ KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b', ExpressionAttributeValues: { ':pk': 'PRICE', ':a': 'CPI#', ':b': 'LINK#~' }, ConsistentRead: true }),
};

/** Cases by reference, as the run reads them (consistent batch reads of the case items). */
export const casesOf = (references: string[]) => getMany<CaseItem>(references.map((r) => keys.application(r)));
