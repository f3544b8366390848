import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { InboundMailStore, InboundMessage } from '#domain/inbound-mail';

/** One record per received message (keyed by Message-ID): what it was and what Tandem did. */
export class DynamoInboundMailStore implements InboundMailStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordOnce(
    message: InboundMessage,
    result: Parameters<InboundMailStore['recordOnce']>[1],
  ): Promise<'recorded' | 'duplicate'> {
    const from = message.from.address.toLowerCase();
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk: `INBOUND#${message.messageId}`,
                  sk: 'MESSAGE',
                  messageId: message.messageId,
                  receiptId: message.receiptId,
                  // Bounded, so the record can never exceed DynamoDB's 400 KB item limit: the
                  // action a message caused always has its record.
                  from: from.slice(0, 320),
                  to: message.recipients.slice(0, 50).map((r) => r.slice(0, 320)),
                  subject: message.subject.slice(0, 500),
                  receivedAt: message.receivedAt.toISOString(),
                  textBody: message.text.slice(0, 20_000),
                  ...result,
                  ...(result.reason ? { reason: result.reason.slice(0, 1000) } : {}),
                  flaggedForAdministrators:
                    result.outcome === 'quarantined' || result.outcome === 'flagged',
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              // Under the sender: what to erase when an administrator forgets this person.
              Put: {
                TableName: this.tableName,
                Item: {
                  pk: `PERSON#${from}`,
                  sk: `INBOUND#${message.messageId}`,
                  messageId: message.messageId,
                  receiptId: message.receiptId,
                },
              },
            },
          ],
        }),
      );
      return 'recorded';
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      )
        return 'duplicate';
      throw error;
    }
  }
}
