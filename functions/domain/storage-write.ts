/**
 * A write one store prepares for another to commit in the same transaction: the invite's record
 * of sends, its timeline entry and the completion of its due work go to DynamoDB as one request.
 * Opaque outside the adapters, which alone know its shape (a DynamoDB TransactWriteItem).
 */
export interface StorageWrite {
  readonly storageWrite: unknown;
}
