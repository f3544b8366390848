import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { InboundDisposition, InboundMailStore, InboundMessage } from '#domain/inbound-mail';

export class DynamoInboundMailStore implements InboundMailStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordOnce(
    message: InboundMessage,
    disposition: InboundDisposition,
  ): Promise<'recorded' | 'duplicate'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `INBOUND#${message.messageId}`,
            sk: 'MESSAGE',
            ...message,
            receivedAt: message.receivedAt.toISOString(),
            ...disposition,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'recorded';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'duplicate';
      throw error;
    }
  }
}
