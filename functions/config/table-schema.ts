import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The one definition of Tandem's single DynamoDB table. The CDK stack (infra/hospital-stack.ts)
 * and the embedded runtime (functions/local) both build the table from this object, so the
 * local table and the deployed one cannot drift apart.
 */
export const tableSchema = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  timeToLiveAttribute: 'expiresAt',
  /**
   * Sparse, write-sharded due-work index: only items that still have work to do carry
   * `dueShard` (0..N-1) and `dueKey` (`<ISO dueAt>#<id>`), so the dispatcher reads what is due
   * with one Query per shard and never touches anything else. KEYS_ONLY keeps it cheap: the
   * dispatcher reads the full item when it claims it.
   */
  dueIndex: {
    indexName: 'due',
    partitionKey: { name: 'dueShard', type: 'N' },
    sortKey: { name: 'dueKey', type: 'S' },
    projection: 'KEYS_ONLY',
  },
} as const;

export function createTableInput(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, dueIndex } = tableSchema;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: partitionKey.name, AttributeType: partitionKey.type },
      { AttributeName: sortKey.name, AttributeType: sortKey.type },
      { AttributeName: dueIndex.partitionKey.name, AttributeType: dueIndex.partitionKey.type },
      { AttributeName: dueIndex.sortKey.name, AttributeType: dueIndex.sortKey.type },
    ],
    KeySchema: [
      { AttributeName: partitionKey.name, KeyType: 'HASH' },
      { AttributeName: sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: dueIndex.indexName,
        KeySchema: [
          { AttributeName: dueIndex.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: dueIndex.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: dueIndex.projection },
      },
    ],
  };
}

/** Where SES stores received mail in the inbound bucket (the receipt rule and the readers agree). */
export const inboundObjectPrefix = 'inbound/';
