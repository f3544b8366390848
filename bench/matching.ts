import { performance } from 'node:perf_hooks';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { weekdays } from '#domain/calendar-dates';
import type { MentorProfile } from '#domain/mentor-pool';
import { careerStages, needKinds } from '#domain/pairing-request';
import type { TandemDependencies } from '#runtime/dependencies';
import { runWithConcurrency } from '#workflows/due-work-dispatcher';
import { askForMentor } from '#workflows/mentor-matching';

const areaWords = [
  'critical care fellowship',
  'burnout',
  'research methods',
  'echocardiography',
  'leadership',
  'medical education',
  'global health',
  'quality improvement',
  'palliative care',
  'career change',
  'work life balance',
  'grant writing',
];

/** `count` listed mentors of every kind, written as the pool stores them (profile, roster, pool). */
async function seedPool(deps: TandemDependencies, count: number) {
  const { hospital } = deps.config;
  const domain = hospital.allowedEmailDomains[0];
  const now = new Date().toISOString();
  const items: Record<string, unknown>[] = [];
  for (let n = 0; n < count; n++) {
    const pick = <T>(values: readonly T[], k: number) =>
      values.filter((_, i) => (n + i * 7) % k === 0).slice(0, 3) as T[];
    const profile: MentorProfile = {
      id: `bench-mentor-${n}`,
      name: `Mentor ${n}`,
      email: `bench.mentor.${n}@${domain}`,
      department: 'Medicine',
      careerStage: 'attending',
      offers: pick(needKinds, 2).length ? pick(needKinds, 2) : ['career'],
      areas: [
        areaWords[n % areaWords.length] as string,
        areaWords[(n * 5 + 3) % areaWords.length] as string,
      ],
      style: (['casual', 'goal-driven', 'either'] as const)[n % 3] ?? 'either',
      capacity: 1 + (n % 4),
      menteeStages: pick(careerStages, 2).length ? pick(careerStages, 2) : ['resident'],
      preferredWeekdays: [weekdays[n % 5] ?? 'monday', weekdays[(n + 2) % 5] ?? 'wednesday'],
      timeWindow: {
        start: `${String(8 + (n % 9)).padStart(2, '0')}:00`,
        end: `${String(10 + (n % 9)).padStart(2, '0')}:00`,
      },
      timeZone: hospital.timeZone,
      availability: 'Email only, weekdays',
      status: 'listed',
      createdAt: now,
      lastActiveAt: now,
      revision: 1,
    };
    items.push(
      { pk: 'POOLROSTER', sk: profile.id, ...profile },
      { pk: 'POOL', sk: profile.id, ...profile },
      { pk: `MENTOREMAIL#${profile.email}`, sk: 'PROFILE', mentorId: profile.id },
    );
    // Some carry mentees already.
    if (n % 3 === 0) items.push({ pk: `MENTOR#${profile.email}`, sk: 'LOAD', openPairings: n % 4 });
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await runWithConcurrency(batches, 16, async (batch) => {
    let pending = batch;
    while (pending.length > 0) {
      const result = await deps.documentClient.send(
        new BatchWriteCommand({
          RequestItems: {
            [deps.config.tableName]: pending.map((Item) => ({ PutRequest: { Item } })),
          },
        }),
      );
      pending = (result.UnprocessedItems?.[deps.config.tableName] ?? []).map(
        (r) => r.PutRequest?.Item as Record<string, unknown>,
      );
    }
  });
}

/**
 * A mentee's request among `count` listed mentors, as POST /api/requests does it (validate, one
 * Query of the pool, the loads of the best candidates, store the request, the email to the
 * office in the outbox): the median of `runs`, and the DynamoDB requests of one.
 */
export async function matchingAmong(
  deps: TandemDependencies,
  count: number,
  runs: number,
  countRequests: (deps: TandemDependencies) => Record<string, number>,
  removeCounter: () => void,
) {
  const seeded = performance.now();
  await seedPool(deps, count);
  const seedSeconds = Math.round((performance.now() - seeded) / 100) / 10;
  const domain = deps.config.hospital.allowedEmailDomains[0];
  const times: number[] = [];
  let requests: Record<string, number> = {};
  let suggestions = 0;
  for (let i = 0; i < runs + 1; i++) {
    const counts = countRequests(deps);
    const t = performance.now();
    const result = await askForMentor(deps.matching, {
      mentee: { name: 'Dr Ben Liu', email: `ben.${i}@${domain}`, careerStage: 'resident' },
      needs: ['career', 'moral-support'],
      goals: ['Choose a critical care fellowship'],
      areas: ['critical care fellowship', 'burnout'],
      style: 'goal-driven',
      frequency: 'monthly',
      preferredWeekdays: ['tuesday'],
      timeWindow: { start: '15:00', end: '17:00' },
    });
    // The first run warms the process up; it is not counted.
    if (i > 0) times.push(performance.now() - t);
    requests = { ...counts };
    removeCounter();
    if (result.kind !== 'asked')
      throw new Error(`the request was refused: ${JSON.stringify(result)}`);
    suggestions = result.request.suggestions.length;
  }
  times.sort((a, b) => a - b);
  return {
    listedMentors: count,
    seedSeconds,
    requestMs: Math.round((times[Math.floor(times.length / 2)] ?? 0) * 10) / 10,
    dynamodbRequests: requests,
    suggestions,
  };
}
