import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type AdminAccessRecords, signInWindowMinutes } from '#domain/admin-access';

/**
 * What keeps the administrators' area to administrators across every function instance:
 * sessions ended by signing out (until they would have expired), and failed key sign-ins per
 * source address per 15-minute window. Both expire by the table's TTL.
 */
export class DynamoAdminSecurity implements AdminAccessRecords {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async revoke(sessionId: string, until: Date): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `ADMINSESSION#${sessionId}`,
          sk: 'REVOKED',
          expiresAt: Math.ceil(until.getTime() / 1000) + 3600,
        },
      }),
    );
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `ADMINSESSION#${sessionId}`, sk: 'REVOKED' },
        ConsistentRead: true,
      }),
    );
    return result.Item !== undefined;
  }

  private windowKey(source: string, now: Date) {
    const window = Math.floor(now.getTime() / (signInWindowMinutes * 60_000));
    return { pk: `ADMINSIGNIN#${source}`, sk: `WINDOW#${window}` };
  }

  async failedSignIns(source: string, now: Date): Promise<number> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.windowKey(source, now),
        ConsistentRead: true,
      }),
    );
    return Number(result.Item?.failures ?? 0);
  }

  async recordFailedSignIn(source: string, now: Date): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.windowKey(source, now),
        UpdateExpression: 'ADD failures :one SET expiresAt = :expires',
        ExpressionAttributeValues: {
          ':one': 1,
          ':expires': Math.ceil(now.getTime() / 1000) + 2 * signInWindowMinutes * 60,
        },
      }),
    );
  }
}
