import { keyedHash, seal, type Sealed } from '../crypto/pii.ts';

/**
 * Declared bank accounts (十六): the number is sealed and indexed by a keyed hash (docs/architecture.md §
 * Personal data), and shown only masked. A donation or campaign names the account by its number; the hash
 * tells whether it is one of the declared ones without ever decrypting them.
 */
export interface AccountInput {
  bank: string;
  accountName: string;
  accountNumber: string;
}

export interface DeclaredAccount {
  bank: string;
  accountName: string;
  masked: string;
  sealed: Sealed;
  hash: string;
  keyVersion: string;
}

export const normalizeAccount = (n: string): string => n.replace(/[\s\u3000-]/g, '');

/** 6222021234567890123 → 6222 **** **** ***0123: the bank prefix and the last 4 digits, no more. */
export function maskAccount(accountNumber: string): string {
  const n = normalizeAccount(accountNumber);
  if (n.length <= 8) return `****${n.slice(-4)}`;
  return `${n.slice(0, 4)}${'*'.repeat(n.length - 8)}${n.slice(-4)}`;
}

export async function declareAccount(a: AccountInput): Promise<DeclaredAccount> {
  const n = normalizeAccount(a.accountNumber);
  const { hash, keyVersion } = await keyedHash('account', n);
  return { bank: a.bank, accountName: a.accountName, masked: maskAccount(n), sealed: await seal(n), hash, keyVersion };
}

/** The declared account a number refers to, if any. */
export async function findDeclared(accounts: readonly DeclaredAccount[], accountNumber: string): Promise<DeclaredAccount | undefined> {
  const { hash } = await keyedHash('account', normalizeAccount(accountNumber));
  return accounts.find((a) => a.hash === hash);
}

/** What anyone but the platform sees of an account. */
export const publicAccount = (a: DeclaredAccount) => ({ bank: a.bank, accountName: a.accountName, accountNumber: a.masked });
