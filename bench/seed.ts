import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDueWorkStore } from '#adapters/dynamo-due-work-store';
import type { DynamoPairingStore } from '#adapters/dynamo-pairing-store';
import type { HospitalConfig } from '#config/hospital-config';
import { inviteWork, planMeetings } from '#domain/meeting';
import type { Pairing } from '#domain/pairing';
import { careerStages } from '#domain/pairing-request';
import { contributionDiff, pairingContribution } from '#domain/program-counters';
import type { TandemDependencies } from '#runtime/dependencies';
import { runWithConcurrency } from '#workflows/due-work-dispatcher';
import { withInviteLinks } from '#workflows/meeting-changes';
import { agreedPairing } from '../support/pairing-fixtures.ts';

/** An active pairing as the form and two agreements would leave it (pure domain, no I/O). */
export function activePairing(hospital: HospitalConfig, n: number, now: Date): Pairing {
  const domain = hospital.allowedEmailDomains[0];
  return agreedPairing({
    hospital,
    now,
    id: `bench-${n}`,
    overrides: {
      mentor: { name: `Mentor ${n}`, email: `mentor.${n}@${domain}` },
      mentee: { name: `Mentee ${n}`, email: `mentee.${n}@${domain}`, careerStage: 'resident' },
      // The hospital's zone, and the first meeting within the form's default six weeks.
      timeZone: hospital.timeZone,
      firstMeetingBy: undefined,
    },
  });
}

/**
 * Background data: `count` stored pairings, each with its list entry, a due-work item far in
 * the future (its term end) and its contribution to the program's counters, and the counters as
 * their recounts would leave them (the sum of their contributions),
 * written with BatchWriteItem — what the dispatcher and the dashboard must not read.
 */
export async function seedStoredPairings(
  client: DynamoDBDocumentClient,
  tableName: string,
  dueWork: DynamoDueWorkStore,
  pairings: DynamoPairingStore,
  hospital: HospitalConfig,
  count: number,
  now: Date,
): Promise<void> {
  // Twelve kinds of pairing, agreed 0 to 11 months ago by mentees of four career stages, their
  // past meetings held: the counters hold a year of months and weeks, as a real program's do.
  const templates = Array.from({ length: 12 }, (_, k) => {
    const agreedAt = new Date(now.getTime() - k * 30 * 86_400_000);
    const base = activePairing(hospital, 0, agreedAt);
    const pairing: Pairing = {
      ...base,
      mentee: { ...base.mentee, careerStage: careerStages[k % 4] ?? 'resident' },
    };
    const meetings = planMeetings(pairing, hospital, agreedAt).map((p) => p.meeting);
    const contribution = pairingContribution(
      pairing,
      meetings,
      [],
      now.getTime(),
      hospital.timeZone,
    );
    return { pairing, contribution };
  });
  const counters = new Map<string, Record<string, number>>();
  for (let k = 0; k < templates.length; k++) {
    const times = Math.floor(count / 12) + (k < count % 12 ? 1 : 0);
    for (const row of contributionDiff({}, templates[k]?.contribution ?? {})) {
      const sum = counters.get(`${row.period}#${row.stage}`) ?? {};
      for (const [m, v] of Object.entries(row.values)) sum[m] = (sum[m] ?? 0) + v * times;
      counters.set(`${row.period}#${row.stage}`, sum);
    }
  }
  const items: Record<string, unknown>[] = [...counters].map(([sk, values]) => ({
    pk: 'FIGURES',
    sk,
    ...values,
  }));
  for (let n = 0; n < count; n++) {
    const id = `stored-${n}`;
    const { pairing: template, contribution } = templates[n % 12] as (typeof templates)[number];
    const pairing = { ...template, id };
    const termEnd = {
      id: `term-end:${id}:${pairing.termEndsOn}`,
      kind: 'term-end',
      dueAt: new Date(now.getTime() + 365 * 86_400_000),
      payload: { pairingId: id, on: pairing.termEndsOn },
    };
    items.push(
      { pk: `PAIR#${id}`, sk: 'META', ...pairing, revision: 1 },
      pairings.listEntryItem(pairing),
      dueWork.itemFor(termEnd) as unknown as Record<string, unknown>,
      { pk: `FIGURES#${id}`, sk: 'FIGURES', contribution, revision: 1 },
    );
  }
  // BatchWriteItem takes at most 25 items.
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await runWithConcurrency(batches, 16, async (items) => {
    let unprocessed: Record<string, unknown>[] = items;
    while (unprocessed.length > 0) {
      const result = await client.send(
        new BatchWriteCommand({
          RequestItems: { [tableName]: unprocessed.map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
      unprocessed = (result.UnprocessedItems?.[tableName] ?? []).map(
        (r) => r.PutRequest?.Item as Record<string, unknown>,
      );
    }
  });
}

/**
 * `pairings` active pairings (numbered from `first`, so each call makes new ones), each with
 * `meetingsEach` meetings whose invites are due now.
 */
export async function seedDueMeetings(
  deps: TandemDependencies,
  pairings: number,
  meetingsEach: number,
  now: Date,
  first = 0,
): Promise<void> {
  const { hospital } = deps.config;
  await runWithConcurrency(
    Array.from({ length: pairings }, (_, n) => n),
    16,
    async (n) => {
      const pairing = activePairing(hospital, 1_000_000 + first + n, now);
      await deps.pairingStore.create(pairing, { mentorCapacity: 1_000_000, work: [] });
      // As planning stores them: each meeting with its invites due now and their links.
      for (const { meeting } of planMeetings(pairing, hospital, now).slice(0, meetingsEach)) {
        const plan = { meeting, work: inviteWork(meeting, 'REQUEST', now) };
        const { work, alsoWrite } = withInviteLinks(deps.linkSigner, pairing, plan);
        await deps.meetingStore.createIfAbsent(meeting, work, alsoWrite);
      }
    },
  );
}
