import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { StorageWrite } from '#domain/storage-write';

/** One element of a DynamoDB TransactWriteItems request, as the document client takes it. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A transaction element handed to another store (see StorageWrite). */
export function storageWrite(item: TransactItem): StorageWrite {
  return { storageWrite: item };
}

/** Every StorageWrite is made by `storageWrite` above, in this adapter layer. */
export function transactItem(write: StorageWrite): TransactItem {
  return write.storageWrite as TransactItem;
}
