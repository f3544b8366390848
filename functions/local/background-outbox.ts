import type { DynamoDBStreamEvent } from 'aws-lambda';
import { dueKeyFor, type NewDueWork } from '#domain/due-work';
import type { OutboxDelivery } from '#runtime/dependencies';
import { localLambdaContext } from './api-gateway-adapter.ts';

type OutboxHandler = (
  event: DynamoDBStreamEvent,
  context: ReturnType<typeof localLambdaContext>,
) => Promise<unknown>;

/**
 * The table stream of the embedded service: after a request saved its outbox, the outbox
 * handler is invoked with the same kind of event DynamoDB Streams would deliver in AWS, in the
 * background, so the request answers without waiting for mail. `settled()` waits for every
 * delivery started so far (shutdown, and tests that read the mail a request caused).
 */
export class BackgroundOutbox {
  private readonly running = new Set<Promise<void>>();
  private handler: OutboxHandler | undefined;

  constructor(private readonly onError: (error: unknown) => void) {}

  /** The outbox handler, built from the dependencies this delivery is part of. */
  attach(handler: OutboxHandler): void {
    this.handler = handler;
  }

  readonly deliver: OutboxDelivery = async (work) => {
    if (work.length === 0) return;
    const handler = this.handler;
    if (!handler) throw new Error('BackgroundOutbox: no outbox handler attached');
    const delivery: Promise<void> = Promise.resolve()
      .then(() => handler(streamEventFor(work), localLambdaContext('outbox')))
      .then(
        () => undefined,
        (error: unknown) => this.onError(error),
      )
      .finally(() => this.running.delete(delivery));
    this.running.add(delivery);
  };

  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

/**
 * The stream records DynamoDB would emit for these new items (NEW_IMAGE, trimmed to the keys and
 * the two attributes the outbox handler reads). Written by hand: DynamoDB Local's streams would
 * need a poller per shard for the same two fields.
 */
export function streamEventFor(work: NewDueWork[]): DynamoDBStreamEvent {
  return {
    Records: work.map((w) => {
      const keys = { pk: { S: `WORK#${w.id}` }, sk: { S: 'WORK' } };
      return {
        eventName: 'INSERT' as const,
        eventSource: 'aws:dynamodb',
        dynamodb: {
          Keys: keys,
          NewImage: { ...keys, id: { S: w.id }, dueKey: { S: dueKeyFor(w.dueAt, w.id) } },
          StreamViewType: 'NEW_IMAGE' as const,
        },
      };
    }),
  };
}
