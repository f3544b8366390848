import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { PersonRecords } from '#workflows/forget-person';
import { queryAll } from './dynamo-query.ts';
import { suppressedMarkerKey } from './dynamo-suppression-store.ts';

/** What the table keeps under `PERSON#<address>`, and the mentor's load counter. */
export class DynamoPersonRecords implements PersonRecords {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async inboundFrom(email: string): Promise<{ messageId: string; receiptId: string }[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :inbound)',
      ExpressionAttributeValues: { ':pk': `PERSON#${email}`, ':inbound': 'INBOUND#' },
    });
    return items.map((item) => ({
      messageId: String(item.messageId),
      receiptId: String(item.receiptId),
    }));
  }

  async eraseInbound(email: string, messageId: string): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: this.tableName,
              Key: { pk: `INBOUND#${messageId}`, sk: 'MESSAGE' },
            },
          },
          {
            Delete: {
              TableName: this.tableName,
              Key: { pk: `PERSON#${email}`, sk: `INBOUND#${messageId}` },
            },
          },
        ],
      }),
    );
  }

  async erasePerson(email: string): Promise<void> {
    for (const key of [
      { pk: `PERSON#${email}`, sk: 'PROFILE' },
      suppressedMarkerKey(email),
      { pk: `MENTOR#${email}`, sk: 'LOAD' },
    ])
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
  }
}
