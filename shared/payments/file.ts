import { createHash } from 'node:crypto';
import { open } from '../crypto/pii.ts';
import { AppError, conflict } from '../errors.ts';
import { isoShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import { logger } from '../log.ts';
import { csvLine } from '../csv.ts';
import { plainYuan } from '../money.ts';
import { forEachRunPage } from './run-items.ts';
import { outcomeOf } from './results.ts';
import { getRun, recordFile, type RunItem } from './runs.ts';
import { outcomes, payees as storedPayees, runs } from './store.ts';
import { paymentBucket, presignGet, putFile, DOWNLOAD_URL_SECONDS } from './s3.ts';
import type { PayeeItem } from './payees.ts';
import type { LedgerEntry } from './ledger.ts';

/**
 * The 一卡通 payment file of a run (惠民惠农财政补贴资金"一卡通"): one CSV line per bank payment, Chinese headers and
 * amounts in yuan with two decimals (docs/architecture.md § Money, numbers and time), with the
 * real account number, so it goes only to the KMS-encrypted payment-files bucket and is fetched through a
 * presigned URL valid for five minutes; every URL issued is an audit event on the run's chain. The format
 * is in shared/payments/README.md. Payments whose payee has no account are left out of the file and
 * recorded as failed (`NO_ACCOUNT`): the caseworker adds the account and the next run pays them.
 */
export const FILE_HEADER = ['付款编号', '发放批次', '县区代码', '乡镇（街道）代码', '申请编号', '救助类别', '发放项目', '所属期间', '收款人类型', '收款人姓名', '开户银行', '银行账号', '金额（元）'];

async function payeesOf(refs: string[]): Promise<Map<string, PayeeItem>> {
  const payees = await storedPayees.getMany(refs, { consistent: false });
  return new Map(payees.map((p) => [p.reference, p]));
}

export async function generateFile(runId: string, now: Date): Promise<void> {
  const run = await getRun(runId);
  if (run?.status !== 'finished' || run.file) return;
  if (!paymentBucket()) {
    logger.warn('no payment-files bucket: the run has no payment file', { runId });
    return;
  }
  const at = isoShanghai(now);
  // A byte-order mark first, so a spreadsheet opens the Chinese headers as UTF-8 (readCsv ignores it).
  const chunks: Buffer[] = [Buffer.from(`\uFEFF${csvLine(FILE_HEADER)}`, 'utf8')];
  const hash = createHash('sha256').update(chunks[0]!);
  let lines = 0;
  let totalFen = 0;
  let counted = 0;
  const noAccount: LedgerEntry[] = [];
  await forEachRunPage(runId, async ({ entries }) => {
    const bank = entries.filter((e) => e.channel === 'bank' && e.origin === 'run');
    counted += bank.length;
    const payees = await payeesOf([...new Set(bank.map((e) => e.reference))]);
    for (const e of bank) {
      const account = payees.get(e.reference)?.accounts?.[e.payee];
      if (!account) {
        noAccount.push(e);
        continue;
      }
      const chunk = Buffer.from(
        csvLine([e.paymentId, e.runId, e.county, e.township, e.reference, e.category, e.kind, e.period, e.payee, account.name, account.bank, await open(account.account), plainYuan(e.amountFen)]),
        'utf8',
      );
      hash.update(chunk);
      chunks.push(chunk);
      lines++;
      totalFen += e.amountFen;
    }
  });
  // The index is eventually consistent on AWS: never send the bank a file that misses payments.
  if (counted < run.entries) throw new Error(`payment file of ${runId}: ${counted} of ${run.entries} entries visible yet, retrying`);
  // Recorded already (a second attempt at the file): false, and nothing changes.
  for (const e of noAccount) await outcomes.record(outcomeOf(e, 'failed', 'NO_ACCOUNT', '未登记收款账户，未列入发放文件，已转经办人员', 'system', at));
  const name = `yikatong-${runId}.csv`;
  const key = `runs/${runId}/${name}`;
  await putFile(key, Buffer.concat(chunks), 'text/csv; charset=utf-8');
  await recordFile(runId, { key, name, lines, totalFen, sha256: hash.digest('hex'), noAccount: noAccount.length, generatedAt: at });
}

/** A presigned URL for the county's download, audited on the run's chain before it is handed out. */
export async function downloadFile(run: RunItem, actor: Actor, now: Date) {
  if (!run.file) {
    if (run.status !== 'finished') throw conflict('run-not-finished', `发放批次 ${run.runId} 尚未完成（${run.done}/${run.total}），完成后才生成发放文件。`);
    throw new AppError(503, 'file-not-ready', '发放文件尚未生成', '发放文件正在生成或存储未配置，请稍后再试。');
  }
  const at = isoShanghai(now);
  // No URL without its audit event: if the chain stays busy for five attempts, the download fails.
  const audited = await runs.appendEvent(
    { aggregate: `payment-run#${run.runId}`, actor: { sub: actor.sub, role: actor.role }, action: 'download-file', at, after: { key: run.file.key, sha256: run.file.sha256 } },
    5,
  );
  if (!audited) throw new Error(`download of ${run.runId}: the run's audit chain stayed busy`);
  return { url: await presignGet(run.file.key, run.file.name), expiresIn: DOWNLOAD_URL_SECONDS, name: run.file.name, lines: run.file.lines, totalFen: run.file.totalFen, sha256: run.file.sha256 };
}
