import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/**
 * The two refusals a store turns into an outcome — a condition that did not hold, a transaction cancelled —
 * named here so no module's store needs the SDK's exception classes.
 */
export const isConditionFailed = (error: unknown): error is ConditionalCheckFailedException => error instanceof ConditionalCheckFailedException;
export const isTransactionCanceled = (error: unknown): error is TransactionCanceledException => error instanceof TransactionCanceledException;

/** Why a cancelled transaction was cancelled, one code per item in order (`ConditionalCheckFailed`, `None` …). */
export const cancellationCodes = (error: TransactionCanceledException): (string | undefined)[] => (error.CancellationReasons ?? []).map((r) => r.Code);
