import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client } from '../store/s3.ts';
import { GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { canonicalJson, sha256, verifyChain } from '../audit/chain.ts';
import { managementKeys } from './keys.ts';

/**
 * audit-anchor (daily, docs/architecture.md § Audit; 二十三): the head of every audit chain — (aggregate, seq, hash) —
 * goes into a manifest written to the audit-anchors bucket, whose Object Lock (COMPLIANCE, 10 years, set
 * as the bucket default in infra/data.ts) means nobody, the platform included, can change or delete it.
 * The manifest's root hash and the previous anchor's root are recorded in the table too, so anchors
 * form their own chain.
 *
 * Verification, every run, against the previous anchor:
 * - a chain whose head did not move must still have the anchored hash;
 * - a chain that moved must still hold, at the anchored seq, the anchored event (history not rewritten),
 *   and is verified link by link (`verifyChain`);
 * - a new chain is verified link by link.
 * Unchanged chains are not re-read in full daily (the auditor's `GET /api/v1/audit/verify` does that);
 * rewriting any anchored event changes a hash the manifest holds.
 *
 * Running twice for a date writes nothing the second time (the ANCHOR item exists); it verifies again.
 * Locally the bucket is s3rver's (S3_ENDPOINT, forcePathStyle), which ignores Object Lock.
 */
type Head = [aggregate: string, seq: number, hash: string];

const bucket = (): string => {
  const name = process.env.BUCKET_AUDIT_ANCHORS;
  if (!name) throw new Error('BUCKET_AUDIT_ANCHORS is not set: audit anchors need the audit-anchors bucket');
  return name;
};

/** Every chain head, by a parallel scan projecting three attributes (streamed; ~100 bytes a head). */
export async function chainHeads(segments = 4): Promise<Head[]> {
  const heads: Head[] = [];
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db().send(
          new ScanCommand({
            TableName: tableName(),
            Segment: segment,
            TotalSegments: segments,
            FilterExpression: 'sk = :head AND begins_with(pk, :a)',
            ProjectionExpression: 'pk, seq, #h',
            ExpressionAttributeNames: { '#h': 'hash' },
            ExpressionAttributeValues: { ':head': 'HEAD', ':a': 'AUDIT#' },
            ExclusiveStartKey: start,
          }),
        );
        for (const i of page.Items ?? []) heads.push([String(i.pk).slice('AUDIT#'.length), i.seq as number, i.hash as string]);
        start = page.LastEvaluatedKey;
      } while (start);
    }),
  );
  return heads.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export const manifestRoot = (heads: readonly Head[]): string => sha256(canonicalJson(heads));

async function readManifest(key: string): Promise<{ heads: Head[]; root: string }> {
  const out = await s3Client().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
  return JSON.parse(await out.Body!.transformToString()) as { heads: Head[]; root: string };
}

async function eventHash(aggregate: string, seq: number): Promise<string | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: { pk: `AUDIT#${aggregate}`, sk: `EVT#${String(seq).padStart(8, '0')}` }, ConsistentRead: true }));
  return out.Item?.hash as string | undefined;
}

export interface AnchorReport {
  date: string;
  chains: number;
  root: string;
  written: boolean;
  key: string;
  verified: { unchanged: number; moved: number; added: number; broken: { aggregate: string; reason: string }[] };
}

export async function anchorAuditChains(date: string, now: Date): Promise<AnchorReport> {
  const previous = (
    await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND sk < :d',
        ExpressionAttributeValues: { ':pk': 'ANCHOR', ':d': date },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    )
  ).Items?.[0];
  const existing = (await db().send(new GetCommand({ TableName: tableName(), Key: managementKeys.anchor(date), ConsistentRead: true }))).Item;
  const heads = existing ? (await readManifest(existing.key as string)).heads : await chainHeads();
  const root = manifestRoot(heads);
  const key = `anchors/${date}.json`;

  const verified: AnchorReport['verified'] = { unchanged: 0, moved: 0, added: 0, broken: [] };
  const before = new Map((previous ? (await readManifest(previous.key as string)).heads : []).map(([a, seq, hash]) => [a, { seq, hash }]));
  const now_ = new Map(heads.map(([a, seq, hash]) => [a, { seq, hash }]));
  for (const [aggregate, was] of before) {
    const is = now_.get(aggregate);
    if (!is) verified.broken.push({ aggregate, reason: `已锚定的审计链（第${was.seq}条）不见了` });
  }
  for (const [aggregate, seq, hash] of heads) {
    const was = before.get(aggregate);
    if (was && was.seq === seq) {
      if (was.hash === hash) verified.unchanged++;
      else verified.broken.push({ aggregate, reason: `链头与${previous!.sk}锚定的不同（第${seq}条）` });
      continue;
    }
    if (was && seq < was.seq) {
      verified.broken.push({ aggregate, reason: `链变短了：锚定时${was.seq}条，现在${seq}条` });
      continue;
    }
    if (was && (await eventHash(aggregate, was.seq)) !== was.hash) {
      verified.broken.push({ aggregate, reason: `第${was.seq}条事件与锚定的不同（历史被改写）` });
      continue;
    }
    const verdict = await verifyChain(aggregate);
    if (!verdict.ok) verified.broken.push({ aggregate, reason: `第${verdict.brokenAt}条事件的哈希或链接不成立` });
    else if (was) verified.moved++;
    else verified.added++;
  }

  if (!existing) {
    const manifest = { date, anchoredAt: now.toISOString(), chains: heads.length, root, previous: previous ? { date: previous.sk, root: previous.root } : null, heads };
    const body = JSON.stringify(manifest);
    // The bucket's default retention (Object Lock) applies to every object written to it.
    const put = await s3Client().send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body, ContentType: 'application/json' }));
    // Read it back: the anchor counts only once the stored bytes are the ones hashed.
    const stored = await readManifest(key);
    if (stored.root !== root || manifestRoot(stored.heads) !== root) throw new Error('the stored anchor differs from the one written');
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...managementKeys.anchor(date),
          key,
          root,
          chains: heads.length,
          sha256: sha256(body),
          versionId: put.VersionId ?? null,
          previousRoot: previous?.root ?? null,
          broken: verified.broken.length,
          schemaVersion: SCHEMA_VERSION,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }
  return { date, chains: heads.length, root, written: !existing, key, verified };
}
