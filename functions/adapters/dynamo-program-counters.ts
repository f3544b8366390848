import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CareerStage } from '#domain/pairing-request';
import type { Contribution, CounterRow, ProgramCounterStore } from '#domain/program-counters';
import { queryAll } from './dynamo-query.ts';
import { revisionGuard, type TransactItem, transactOrConflict } from './dynamo-storage-write.ts';

/** Every counter row in one partition: the dashboard reads a range of it with one Query. */
const counters = 'FIGURES';
/** DynamoDB's limit on one transaction, less the pairing's own contribution item. */
const maxRows = 99;

/**
 * The program's counters (`FIGURES` / `<period>#<stage>`) and each pairing's contribution to them
 * (`FIGURES#<pairing id>` / `FIGURES`).
 */
export class DynamoProgramCounters implements ProgramCounterStore {
  readonly maxRowsPerWrite = maxRows;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async contributionOf(
    pairingId: string,
  ): Promise<{ contribution: Contribution; revision: number } | null> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `FIGURES#${pairingId}`, sk: 'FIGURES' },
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    return { contribution: Item.contribution as Contribution, revision: Number(Item.revision) };
  }

  async applyContribution(
    pairingId: string,
    contribution: Contribution,
    expectedRevision: number | null,
    diff: CounterRow[],
  ): Promise<'saved' | 'conflict'> {
    if (diff.length > maxRows)
      throw new Error(
        `pairing ${pairingId} changes ${diff.length} counter rows at once, more than the ${maxRows} one transaction holds`,
      );
    const own: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: {
          pk: `FIGURES#${pairingId}`,
          sk: 'FIGURES',
          contribution,
          revision: (expectedRevision ?? 0) + 1,
        },
        ...revisionGuard(expectedRevision),
      },
    };
    const rows = diff.map((row): TransactItem => {
      const measures = Object.entries(row.values);
      return {
        Update: {
          TableName: this.tableName,
          Key: { pk: counters, sk: `${row.period}#${row.stage}` },
          UpdateExpression: `ADD ${measures.map((_, i) => `#m${i} :v${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(measures.map(([m], i) => [`#m${i}`, m])),
          ExpressionAttributeValues: Object.fromEntries(measures.map(([, v], i) => [`:v${i}`, v])),
        },
      };
    });
    // A failed condition or another transaction on a counter row: the caller reads again.
    return transactOrConflict(this.client, [own, ...rows]);
  }

  monthRows(fromMonth: string, toMonth: string): Promise<CounterRow[]> {
    return this.rows(`M${fromMonth}`, `M${toMonth}#\uffff`);
  }

  weekRows(toMonday: string): Promise<CounterRow[]> {
    return this.rows('W', `W${toMonday}#\uffff`);
  }

  private async rows(from: string, to: string): Promise<CounterRow[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': counters, ':from': from, ':to': to },
    });
    return items.map((item) => {
      const { pk: _pk, sk, ...values } = item as Record<string, unknown>;
      const [period, stage] = String(sk).split('#') as [string, CareerStage];
      return { period, stage, values: values as Record<string, number> };
    });
  }
}
