import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { DueWorkRef } from '#domain/due-work';
import { publishMetrics } from './observability.ts';
import type { OutboxPorts } from './ports.ts';

/**
 * The due-work items a table stream batch inserted. The stream's filter (infra) passes only
 * inserts of `WORK#` items that are in the due index; this reads their id and due key, the two
 * things a claim needs, and skips anything else.
 */
export function insertedDueWork(event: DynamoDBStreamEvent): DueWorkRef[] {
  const refs: DueWorkRef[] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    const id = image?.id?.S;
    const dueKey = image?.dueKey?.S;
    if (record.eventName === 'INSERT' && id && dueKey) refs.push({ id, dueKey });
  }
  return refs;
}

/**
 * Sends the outbox: invoked with the table's new due-work items (the DynamoDB stream in AWS; the
 * embedded service hands it the same event after a write). Items already due run now, through
 * the same conditional claims as the scheduled dispatcher, so an item runs once whichever of the
 * two gets it first; later items wait for the dispatcher.
 */
export function createOutboxHandler(deps: OutboxPorts) {
  return middy(async (event: DynamoDBStreamEvent) => {
    const refs = insertedDueWork(event);
    if (refs.length === 0) return { found: 0 };
    const { parkedItems: _parkedItems, ...counts } = await deps.runDueWork(refs);
    deps.logger.debug('outbox run', counts);
    return counts;
  }).use(publishMetrics(deps));
}
