import { keyedHash, seal, type Sealed } from '../crypto/pii.ts';
import { conflict } from '../errors.ts';
import { isoShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import { loadCase } from '../cases/case.ts';
import { requireScope } from '../cases/scope.ts';
import { maskName } from '../identifiers/mask.ts';
import type { PayeeRole } from './amounts.ts';
import { payees } from './store.ts';

/**
 * 收款账户: the application has no bank account, so the caseworker (or the county) records one per payee
 * role of a case — the person, the carer or the institution (六: the care subsidy goes to them, not to the
 * person), or whoever arranged a funeral. The account is sealed (envelope encryption) and indexed by a
 * keyed hash; only its last four digits are ever shown. It is kept apart from the case item so the
 * workflow's versioned writes never race a payee change.
 */
export interface PayeeAccount {
  name: string;
  bank: string;
  account: Sealed;
  accountHash: string;
  keyVersion: string;
  last4: string;
  updatedAt: string;
  updatedBy: string;
}

export interface PayeeItem {
  reference: string;
  county: string;
  township: string;
  accounts: Partial<Record<PayeeRole, PayeeAccount>>;
  version: number;
}

export interface PayeeBody {
  role: PayeeRole;
  name: string;
  bank: string;
  accountNumber: string;
}

export async function getPayees(reference: string): Promise<PayeeItem | undefined> {
  return payees.get(reference);
}

/** Seals and stores one payee account; a concurrent change of the same case gets a 409. */
export async function setPayee(referenceInput: string, body: PayeeBody, actor: Actor, now: Date) {
  const c = await loadCase(referenceInput);
  requireScope(actor, c, 'write');
  if (!['active', 'approved', 'ended', 'suspended'].includes(c.status)) {
    throw conflict('not-enrolled', '只有已批准或正在享受救助的案件才登记收款账户。');
  }
  const at = isoShanghai(now);
  const { hash, keyVersion } = await keyedHash('account', body.accountNumber);
  const account: PayeeAccount = {
    name: body.name,
    bank: body.bank,
    account: await seal(body.accountNumber),
    accountHash: hash,
    keyVersion,
    last4: body.accountNumber.slice(-4),
    updatedAt: at,
    updatedBy: actor.sub,
  };
  const existing = await getPayees(c.reference);
  const item: PayeeItem = {
    reference: c.reference,
    county: c.area.county,
    township: c.area.township,
    accounts: { ...existing?.accounts, [body.role]: account },
    version: (existing?.version ?? 0) + 1,
  };
  if (!(await payees.put(item, existing))) throw conflict('payee-changed', '收款账户刚被他人更新，请刷新后再试。');
  return { reference: c.reference, role: body.role, name: maskName(body.name), bank: body.bank, account: `****${account.last4}`, updatedAt: at };
}
