import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SuppressionStore } from '#workflows/deliverability';

const key = (email: string) => ({ pk: `PERSON#${email.toLowerCase()}`, sk: 'PROFILE' });

export class DynamoSuppressionStore implements SuppressionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async isSuppressed(email: string): Promise<boolean> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key(email) }),
    );
    return result.Item?.undeliverable !== undefined;
  }

  async suppress(email: string, reason: string, at: Date): Promise<'suppressed' | 'already'> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(email),
          UpdateExpression: 'SET undeliverable = :u',
          ConditionExpression: 'attribute_not_exists(undeliverable)',
          ExpressionAttributeValues: { ':u': { reason, at: at.toISOString() } },
        }),
      );
      return 'suppressed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'already';
      throw error;
    }
  }

  async clear(email: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key(email),
        UpdateExpression: 'REMOVE undeliverable',
      }),
    );
  }
}
