import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { addMonths, isIsoDate } from '../calendar/dates.ts';
import { isoShanghai } from '../clock.ts';
import { keyedHash } from '../crypto/pii.ts';
import { validateResidentId } from '../identifiers/resident-id.ts';
import { maskName } from '../identifiers/mask.ts';
import { badRequest, forbidden, type FieldError } from '../errors.ts';
import type { Actor } from '../access/actor.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import { keys } from '../store/keys.ts';
import type { CaseItem } from '../cases/case.ts';
import type { DATA_MATCH_KINDS } from '../contract/management.ts';
import { managementKeys } from './keys.ts';
import { commitAudited } from '../store/commit.ts';
import { readCsv } from '../csv.ts';
import { createTasks, type TaskDescriptor } from './tasks.ts';

/**
 * 数据比对 (二十三): counties upload lists from other departments — deaths and cremations (公安、殡葬),
 * public payroll (财政供养), vehicles (公安交管) and business registrations (市场监管) — and the monthly
 * `data-match` job matches them against active cases by the keyed hash of the ID number, through the
 * person index written at enrolment (`PERSON#<hash>`, every member of the household). Each match becomes
 * a re-check task for the case's township, carrying the evidence (which list, the date and detail on the
 * line) but never the ID number. Only keyed hashes of the listed ID numbers are stored.
 *
 * A list is refused WHOLE when any line is malformed, and the problem names every bad line (up to 100),
 * so a county never half-uploads a list. The CSV format is in shared/management/README.md.
 */
export type DataMatchKind = (typeof DATA_MATCH_KINDS)[number];

export const LIST_LABELS: Record<DataMatchKind, string> = {
  deaths: '死亡和火化人员名单',
  payroll: '财政供养人员名单',
  vehicles: '机动车登记名单',
  business: '工商登记（市场主体）名单',
};

export const CSV_HEADER = 'idNumber,date,detail';
const MAX_ERRORS = 100;
/** A list is matched each month for a year after its date: later enrolments are caught too. */
export const LIST_VALID_MONTHS = 12;

export interface ParsedLine {
  line: number;
  idNumber: string;
  date: string;
  detail: string;
}

/** Parses and checks the whole CSV; returns every line or throws a 400 naming the bad ones. */
export function parseList(csv: string): ParsedLine[] {
  const { rows, error } = readCsv(csv);
  const errors: FieldError[] = [];
  const add = (line: number, code: string, message: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ field: `csv:${line}`, code, message: `第${line}行：${message}` });
  };
  const hasHeader = rows[0]?.line === 1;
  if (!hasHeader || rows[0]!.fields.map((f) => f.trim()).join(',') !== CSV_HEADER) add(1, 'bad-header', `第一行应为表头 ${CSV_HEADER}`);
  const body = hasHeader ? rows.slice(1) : rows;
  if (body.length === 0 && !error) add(2, 'empty', '名单没有数据行');
  const out: ParsedLine[] = [];
  for (const { line: n, fields } of body) {
    if (fields.length !== 3) {
      add(n, 'columns', `应有3列（身份证号码、日期、说明），实有${fields.length}列`);
      continue;
    }
    const [id, date, detail] = fields.map((f) => f.trim()) as [string, string, string];
    const checked = validateResidentId(id);
    if (!checked.ok) add(n, 'id-number', checked.message);
    if (!isIsoDate(date)) add(n, 'date', '日期应为 YYYY-MM-DD');
    if (detail.length < 1 || detail.length > 100) add(n, 'detail', '说明应为1至100个字');
    if (checked.ok && isIsoDate(date) && detail.length >= 1 && detail.length <= 100) out.push({ line: n, idNumber: checked.idNumber, date, detail });
  }
  // Reading stops at a broken quote: that line is named last, and nothing after it was read.
  if (error) add(error.line, error.code === 'malformed' ? 'malformed' : 'quotes', error.message);
  if (errors.length)
    throw badRequest('list-refused', `名单有 ${errors.length}${errors.length === MAX_ERRORS ? '+' : ''} 处错误，整份名单未上传；请修改后重新上传。第一处：${errors[0]!.message}`, errors);
  return out;
}

export async function uploadList(o: {
  body: { kind: DataMatchKind; asOf: string; source: string; csv: string };
  actor: Actor;
  now: Date;
  idempotency?: Idempotency | undefined;
}): Promise<StoredAnswer> {
  const { body, actor, now } = o;
  if (!actor.county) throw forbidden('scope-missing', '您的账号没有登记所属县区。');
  const lines = parseList(body.csv);
  const id = `${actor.county}-${body.asOf.replace(/-/g, '')}-${randomUUID().slice(0, 8)}`;
  // Entries first, the list item last: the job reads only lists whose item exists, so a crash between
  // leaves nothing that is matched half.
  const entries = await Promise.all(
    lines.map(async (l) => {
      const { hash } = await keyedHash('id', l.idNumber);
      return { ...managementKeys.dataMatchEntry(id, hash, l.line), hash, line: l.line, date: l.date, detail: l.detail, schemaVersion: SCHEMA_VERSION };
    }),
  );
  for (let i = 0; i < entries.length; i += 25) {
    let pending = entries.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length && attempt < 8; attempt++) {
      const out = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      pending = (out.UnprocessedItems?.[tableName()] ?? []) as typeof pending;
      if (pending.length) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
    }
    if (pending.length) throw new Error('could not write the list entries');
  }
  const list = {
    ...managementKeys.dataMatchList(id),
    id,
    kind: body.kind,
    kindLabel: LIST_LABELS[body.kind],
    county: actor.county,
    asOf: body.asOf,
    source: body.source,
    lines: lines.length,
    uploadedBy: actor.sub,
    uploadedAt: isoShanghai(now),
    gsi4pk: 'DMLISTS',
    gsi4sk: `${body.asOf}#${id}`,
    schemaVersion: SCHEMA_VERSION,
  };
  return commitAudited({
    retryOnAuditHead: false,
    idempotency: o.idempotency,
    answer: { status: 201, body: { id, kind: body.kind, kindLabel: LIST_LABELS[body.kind], asOf: body.asOf, lines: lines.length } },
    now,
    items: [{ Put: { TableName: tableName(), Item: list, ConditionExpression: 'attribute_not_exists(pk)' } }],
    audit: {
      aggregate: `data-match#${actor.county}`,
      actor: { sub: actor.sub, role: actor.role },
      action: 'upload',
      at: isoShanghai(now),
      after: { ...list, entries: entries.map((e) => e.hash) },
      note: `${LIST_LABELS[body.kind]}（${body.source}）`,
    },
  });
}

/**
 * The lists a county has uploaded, newest `asOf` first (at most 100): what was uploaded, from which
 * source, by whom and how many lines. No ID numbers (only their keyed hashes are stored at all).
 */
export async function listLists(actor: Actor) {
  if (!actor.county) throw forbidden('scope-missing', '您的账号没有登记所属县区。');
  const items: Record<string, unknown>[] = [];
  for await (const page of pages({
    TableName: tableName(),
    IndexName: 'gsi4',
    KeyConditionExpression: 'gsi4pk = :pk',
    FilterExpression: 'county = :c',
    ExpressionAttributeValues: { ':pk': 'DMLISTS', ':c': actor.county },
    ScanIndexForward: false,
  })) {
    items.push(...page);
    if (items.length >= 100) break;
  }
  return {
    validMonths: LIST_VALID_MONTHS,
    items: items.slice(0, 100).map((l) => ({ id: l.id, kind: l.kind, kindLabel: l.kindLabel, asOf: l.asOf, source: l.source, lines: l.lines, uploadedBy: l.uploadedBy, uploadedAt: l.uploadedAt })),
  };
}

async function* pages(input: ConstructorParameters<typeof QueryCommand>[0]) {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    yield page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start);
}

/**
 * data-match (monthly): every list dated within the last LIST_VALID_MONTHS against the person index.
 * A task per (list, case): `TASK#data-match#<listId>#<reference>`, so re-running creates nothing twice.
 */
export async function runDataMatch(date: string): Promise<{ lists: number; entries: number; matches: number; created: number; existing: number }> {
  const from = addMonths(date, -LIST_VALID_MONTHS);
  const report = { lists: 0, entries: 0, matches: 0, created: 0, existing: 0 };
  for await (const lists of pages({
    TableName: tableName(),
    IndexName: 'gsi4',
    KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk BETWEEN :a AND :b',
    ExpressionAttributeValues: { ':pk': 'DMLISTS', ':a': from, ':b': `${date}#~` },
  })) {
    for (const list of lists) {
      report.lists++;
      const tasks: TaskDescriptor[] = [];
      const seen = new Set<string>();
      for await (const entries of pages({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':pk': `DMLIST#${list.id}`, ':e': 'E#' },
      })) {
        for (const entry of entries) {
          report.entries++;
          const people = await db().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `PERSON#${entry.hash}` } }));
          for (const p of people.Items ?? []) {
            const reference = p.reference as string;
            if (seen.has(reference)) continue;
            const c = (
              await db().send(
                new GetCommand({
                  TableName: tableName(),
                  Key: keys.application(reference),
                  ProjectionExpression: '#r, #t, #s, #a, applicant.#n',
                  ExpressionAttributeNames: { '#r': 'reference', '#t': 'type', '#s': 'status', '#a': 'area', '#n': 'name' },
                }),
              )
            ).Item as CaseItem | undefined;
            if (c?.status !== 'active') continue;
            seen.add(reference);
            report.matches++;
            tasks.push({
              kind: 'data-match',
              period: list.id as string,
              reference,
              type: c.type,
              county: c.area.county,
              township: c.area.township,
              dueDate: addMonths(date, 1),
              applicant: maskName(c.applicant.name),
              createdOn: date,
              createdBy: 'job:data-match',
              evidence: {
                list: list.id,
                kind: list.kind,
                kindLabel: list.kindLabel,
                asOf: list.asOf,
                source: list.source,
                line: entry.line,
                date: entry.date,
                detail: entry.detail,
                who: '申请人或家庭成员之一（按身份证号码比中）',
              },
            });
          }
        }
      }
      const made = await createTasks(tasks, { job: 'data-match', date });
      report.created += made.created;
      report.existing += made.existing;
    }
  }
  return report;
}
