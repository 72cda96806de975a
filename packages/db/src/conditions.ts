import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** Condition parts, named for what they protect (the Powertools idempotency style). */
export const conditions = {
  /** create-only: a second writer of the same key (slug, e-mail, id) must fail, not overwrite */
  keyDoesNotExist: 'attribute_not_exists(PK)',
  /** update-only: never resurrect a deleted or foreign item by updating a key that is not there */
  keyExists: 'attribute_exists(PK)',
  /** optimistic lock: the writer saw the current version */
  versionMatches: '#version = :expectedVersion',
} as const;

/** True when a write failed because a condition did not hold (single write or any item of a transaction). */
export function isConditionFailure(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');
  }
  return false;
}

/** Index (within the transaction) of each item whose condition failed. */
export function failedConditionIndexes(error: unknown): number[] {
  if (!(error instanceof TransactionCanceledException)) return [];
  return (error.CancellationReasons ?? []).flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
}

/** True when a transaction lost a race with another transaction on the same items (retryable). */
export function isTransactionConflict(error: unknown): boolean {
  return (
    error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict')
  );
}
