import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
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

/**
 * The condition of a Put that replaces a revisioned item: the item must not exist yet (`expected`
 * null) or must still be at `expected`, so a change saved against a stale read is refused.
 */
export function revisionGuard(expected: number | null): {
  ConditionExpression: string;
  ExpressionAttributeValues?: Record<string, number>;
} {
  return expected === null
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : {
        ConditionExpression: 'revision = :revision',
        ExpressionAttributeValues: { ':revision': expected },
      };
}

/**
 * One transaction; 'conflict' when DynamoDB cancelled it, because a condition failed or another
 * transaction held one of its items: either way the caller reads again and decides again.
 */
export async function transactOrConflict(
  client: DynamoDBDocumentClient,
  items: TransactItem[],
): Promise<'saved' | 'conflict'> {
  try {
    await client.send(new TransactWriteCommand({ TransactItems: items }));
    return 'saved';
  } catch (error) {
    if (error instanceof TransactionCanceledException) return 'conflict';
    throw error;
  }
}
