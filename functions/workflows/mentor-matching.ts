import type { HospitalConfig } from '#config/hospital-config';
import type { Clock } from '#domain/clock';
import type { NewDueWork } from '#domain/due-work';
import {
  byFit,
  type Candidate,
  candidates,
  exclusion,
  suggestFrom,
  suggestionLimit,
} from '#domain/matching';
import {
  type MenteeRequest,
  type MenteeRequestInput,
  type MentorPoolStore,
  type MentorProfile,
  parseMenteeRequest,
  parseMentorProfile,
  type Suggestion,
} from '#domain/mentor-pool';
import type { FieldErrors } from '#domain/pairing-request';
import { pairingRef } from '#domain/pairing-store';
import { type LinkSigner, linkUrl } from '#domain/signed-link';
import {
  renderMenteeChoices,
  renderMentorConfirm,
  renderMentorListed,
  renderRequestForCoordinator,
} from '#templates/pool-emails';
import { programEmailWork } from './email-work.ts';
import {
  type PairingWorkflowDependencies,
  type SubmitResult,
  submitPairing,
} from './pairing-workflow.ts';

export interface MatchingDependencies {
  pool: MentorPoolStore;
  hospital: HospitalConfig;
  clock: Clock;
  newId: () => string;
  signer: Pick<LinkSigner, 'sign'>;
  publicBaseUrl: string;
  /** Schedules work and hands it to delivery (the emails go after the answer). */
  outbox: (work: NewDueWork[]) => Promise<void>;
  pairingWorkflow: PairingWorkflowDependencies;
}

/** A pool link lives a year; every email carrying it extends it. */
const poolLinkDays = 365;

/** The mentor's personal link: confirm, edit, step out and back in (purpose 'mentor-profile'). */
function mentorLink(deps: MatchingDependencies, profile: MentorProfile) {
  return deps.signer
    .sign(
      { pairingId: profile.id, party: 'mentor', version: 1, purpose: 'mentor-profile' },
      deps.clock.now(),
      poolLinkDays,
    )
    .then((token) => linkUrl(deps.publicBaseUrl, token));
}

/** The mentee's link to choose among their suggestions (purpose 'mentee-choice'). */
function choiceLink(deps: MatchingDependencies, request: MenteeRequest) {
  return deps.signer
    .sign(
      { pairingId: request.id, party: 'mentee', version: 1, purpose: 'mentee-choice' },
      deps.clock.now(),
      30,
    )
    .then((token) => linkUrl(deps.publicBaseUrl, token));
}

/** The administrators' page of a request, by a short reference (links stay under 100 characters). */
export function requestPageUrl(deps: Pick<MatchingDependencies, 'publicBaseUrl'>, id: string) {
  return `${deps.publicBaseUrl.replace(/\/$/, '')}/admin/r/${pairingRef(id)}`;
}

export type JoinResult =
  | { kind: 'joined'; profile: MentorProfile }
  | { kind: 'exists'; status: MentorProfile['status'] }
  | { kind: 'invalid'; errors: FieldErrors };

/**
 * A mentor joins: the profile is stored pending and a link to confirm it is emailed to that
 * address. An address already in the pool gets its personal link again (nothing changes).
 */
export async function joinPool(deps: MatchingDependencies, input: unknown): Promise<JoinResult> {
  const parsed = parseMentorProfile(input, deps.hospital);
  if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors };
  const now = deps.clock.now().toISOString();
  const profile: MentorProfile = {
    ...parsed.value,
    id: deps.newId(),
    status: 'pending',
    createdAt: now,
    lastActiveAt: now,
    revision: 1,
  };
  const joined = await deps.pool.join(profile);
  if (joined.outcome === 'exists') {
    const existing = await deps.pool.get(joined.id);
    if (!existing) throw new Error(`mentor ${joined.id} is indexed but not stored`);
    await sendProfileEmail(deps, existing);
    return { kind: 'exists', status: existing.status };
  }
  await sendProfileEmail(deps, profile);
  return { kind: 'joined', profile };
}

/** The confirmation email while pending, else "You're listed" with the personal link. */
async function sendProfileEmail(deps: MatchingDependencies, profile: MentorProfile) {
  const link = await mentorLink(deps, profile);
  const now = deps.clock.now();
  const rendered =
    profile.status === 'pending'
      ? renderMentorConfirm(deps.hospital, profile, link)
      : renderMentorListed(deps.hospital, profile, link);
  await deps.outbox([
    programEmailWork(
      deps.hospital,
      `mentor-${profile.status === 'pending' ? 'confirm' : 'listed'}:${profile.id}:${now.getTime()}`,
      {
        kind: profile.status === 'pending' ? 'mentor-confirm' : 'mentor-listed',
        to: [profile.email],
        ...rendered,
      },
      now,
    ),
  ]);
}

export class PoolError extends Error {
  constructor(
    readonly problem: 'not-found' | 'conflict' | 'not-listed' | 'closed',
    message: string,
  ) {
    super(message);
    this.name = 'PoolError';
  }
}

/** Reads, changes and saves a profile, reading again when someone saved in between. */
async function changeProfile(
  deps: MatchingDependencies,
  id: string,
  change: (profile: MentorProfile, now: string) => MentorProfile | null,
): Promise<{ before: MentorProfile; after: MentorProfile }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = await deps.pool.get(id);
    if (!before) throw new PoolError('not-found', 'No such mentor listing.');
    const now = deps.clock.now().toISOString();
    const changed = change(before, now);
    if (!changed) return { before, after: before };
    const after = { ...changed, lastActiveAt: now, revision: before.revision + 1 };
    if ((await deps.pool.save(after, before.revision)) === 'saved') return { before, after };
  }
  throw new PoolError('conflict', 'The listing changed while saving; try again.');
}

/** The button of the confirmation link: listed, and "You're listed" is emailed (once). */
export async function confirmListing(
  deps: MatchingDependencies,
  id: string,
): Promise<MentorProfile> {
  const { before, after } = await changeProfile(deps, id, (p, now) =>
    p.status === 'pending' ? { ...p, status: 'listed', confirmedAt: now } : null,
  );
  if (before.status === 'pending') await sendProfileEmail(deps, after);
  return after;
}

/** The mentor edits the profile (the address stays: it is who the link belongs to). */
export async function updateProfile(
  deps: MatchingDependencies,
  id: string,
  input: unknown,
): Promise<
  | { kind: 'saved'; profile: MentorProfile }
  | { kind: 'invalid'; errors: FieldErrors; profile: MentorProfile }
> {
  const current = await deps.pool.get(id);
  if (!current) throw new PoolError('not-found', 'No such mentor listing.');
  const parsed = parseMentorProfile({ ...(input as object), email: current.email }, deps.hospital);
  if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors, profile: current };
  const { after } = await changeProfile(deps, id, (p) => ({
    ...p,
    ...parsed.value,
    email: p.email,
  }));
  return { kind: 'saved', profile: after };
}

/** "Not the right time for me": no new suggestions; current mentees stay. And back in. */
export async function setListed(deps: MatchingDependencies, id: string, listed: boolean) {
  const { after } = await changeProfile(deps, id, (p) => {
    if (p.status === 'pending') throw new PoolError('not-listed', 'Confirm your listing first.');
    const status = listed ? 'listed' : 'stepped-out';
    return p.status === status ? null : { ...p, status };
  });
  return after;
}

/**
 * The suggestions for a request from the listed mentors (one Query of the pool). Everything that
 * does not depend on loads is decided first; the loads and open pairings are then read only for
 * the best candidates, a chunk at a time (each chunk ends after a whole group of equal scores, so
 * a tie is broken with every tied mentor's load known), until five can be suggested.
 */
export async function suggestionsFor(
  deps: Pick<MatchingDependencies, 'pool'>,
  request: MenteeRequestInput & { passedOver?: readonly string[] },
  reference: string,
  limit = suggestionLimit,
): Promise<Suggestion[]> {
  const passedOver = new Set(request.passedOver ?? []);
  const staticFacts = { load: 0, openWithMentee: false };
  // Each fit is computed once, here; the chunks below only add the facts read for them.
  const ranked: Candidate[] = candidates(
    request,
    (await deps.pool.listed()).filter(
      (p) => exclusion(request, p, { ...staticFacts, passedOver: passedOver.has(p.id) }) === null,
    ),
    reference,
  ).sort(byFit(() => 0));
  const facts = new Map<string, { load: number; openWithMentee: boolean }>();
  let read = 0;
  let found: Suggestion[] = [];
  while (read < ranked.length) {
    let end = Math.min(ranked.length, read + Math.max(limit * 4, 20));
    while (end < ranked.length && ranked[end]?.score === ranked[end - 1]?.score) end++;
    const chunk = ranked.slice(read, end).map((c) => c.profile);
    const emails = chunk.map((p) => p.email);
    const [loads, open] = await Promise.all([
      deps.pool.loads(emails),
      deps.pool.openWith(request.mentee.email, emails),
    ]);
    for (const p of chunk)
      facts.set(p.id, { load: loads.get(p.email) ?? 0, openWithMentee: open.has(p.email) });
    read = end;
    found = suggestFrom(
      request,
      ranked.slice(0, read),
      (p) => ({ ...(facts.get(p.id) ?? staticFacts), passedOver: passedOver.has(p.id) }),
      limit,
    );
    if (found.length >= limit) break;
  }
  return found;
}

/**
 * A mentee asks: the request is stored with its suggestions. In "mentee-choice" mode the mentee
 * is emailed the top three with a link to choose; in "coordinator" mode the program office is
 * emailed a link to the request's page. Either way the answer carries the suggestions.
 */
export async function askForMentor(
  deps: MatchingDependencies,
  input: unknown,
): Promise<{ kind: 'asked'; request: MenteeRequest } | { kind: 'invalid'; errors: FieldErrors }> {
  const parsed = parseMenteeRequest(input, deps.hospital);
  if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors };
  const now = deps.clock.now();
  const request: MenteeRequest = {
    ...parsed.value,
    id: deps.newId(),
    createdAt: now.toISOString(),
    status: 'open',
    suggestions: await suggestionsFor(deps, parsed.value, now.toISOString()),
    passedOver: [],
    revision: 1,
  };
  await deps.pool.saveRequest(request, null);
  await deps.outbox([await requestEmail(deps, request, 'new')]);
  return { kind: 'asked', request };
}

/**
 * The email a request causes: a new one goes to the mentee in "mentee-choice" mode, else to the
 * program office; the next suggestion after a decline always goes to the office (`declined` names
 * the mentor who declined).
 */
async function requestEmail(
  deps: MatchingDependencies,
  request: MenteeRequest,
  occasion: 'new' | { declined: string },
) {
  const now = deps.clock.now();
  const id = `mentor-request:${request.id}:${request.revision}`;
  if (deps.hospital.matching.mode === 'mentee-choice' && occasion === 'new') {
    const top = request.suggestions.slice(0, 3);
    return programEmailWork(
      deps.hospital,
      id,
      {
        kind: 'mentee-choices',
        to: [request.mentee.email],
        ...renderMenteeChoices(deps.hospital, request, top, await choiceLink(deps, request)),
      },
      now,
    );
  }
  return programEmailWork(
    deps.hospital,
    id,
    {
      kind: 'office-mentor-request',
      to: deps.hospital.administrators,
      ...renderRequestForCoordinator(
        deps.hospital,
        request,
        requestPageUrl(deps, request.id),
        occasion === 'new'
          ? 'A mentee asks for a mentor'
          : `${occasion.declined} declined: the next suggestion for this mentee`,
      ),
    },
    now,
  );
}

/** The pairing request a match makes: the mentee's request, with the mentor's terms. */
function matchedPairingInput(request: MenteeRequest, mentor: MentorProfile, reference: string) {
  const style =
    request.style !== 'either'
      ? request.style
      : mentor.style !== 'either'
        ? mentor.style
        : 'casual';
  const shared = request.preferredWeekdays.find((d) => mentor.preferredWeekdays.includes(d));
  return {
    mentor: { name: mentor.name, email: mentor.email },
    mentee: request.mentee,
    needs: request.needs,
    goals: request.goals,
    frequency: request.frequency,
    formality: style,
    preferredWeekday: shared ?? request.preferredWeekdays[0],
    timeWindow: request.timeWindow,
    timeZone: request.timeZone,
    mentorAvailability: mentor.availability,
    note: `Matched from the mentor pool on ${reference.slice(0, 10)}.`,
  };
}

/**
 * "Propose this match" (the program office) or the mentee's choice: a normal pairing proposal,
 * with the capacity and duplicate rules of every proposal and the mentor's own capacity. Only a
 * mentor the request may still be suggested (listed, with room, not passed over) is proposed.
 */
export async function proposeMatch(
  deps: MatchingDependencies,
  requestId: string,
  mentorId: string,
): Promise<SubmitResult> {
  const request = await deps.pool.getRequest(requestId);
  if (!request) throw new PoolError('not-found', 'No such request.');
  if (request.status === 'proposed')
    throw new PoolError('closed', 'A pairing was already proposed from this request.');
  const mentor = await deps.pool.get(mentorId);
  if (!mentor) throw new PoolError('not-found', 'No such mentor listing.');
  const [loads, open] = await Promise.all([
    deps.pool.loads([mentor.email]),
    deps.pool.openWith(request.mentee.email, [mentor.email]),
  ]);
  const why = exclusion(request, mentor, {
    load: loads.get(mentor.email) ?? 0,
    openWithMentee: open.has(mentor.email),
    passedOver: request.passedOver.includes(mentor.id),
  });
  if (why) return { kind: 'conflict', message: `${mentor.name} cannot be proposed: ${why}.` };
  const now = deps.clock.now();
  const result = await submitPairing(
    deps.pairingWorkflow,
    matchedPairingInput(request, mentor, now.toISOString()),
    `match:${request.id}:${mentor.id}:${request.revision}`,
    mentor.capacity,
  );
  if (result.kind === 'created') {
    const saved = await deps.pool.saveRequest(
      {
        ...request,
        status: 'proposed',
        proposed: { pairingId: result.pairing.id, mentorId: mentor.id, at: now.toISOString() },
        revision: request.revision + 1,
      },
      request.revision,
    );
    if (saved === 'conflict') throw new PoolError('conflict', 'The request changed; reload it.');
  }
  return result;
}

export const nextSuggestionKind = 'mentor-request-next';

/** After a matched pairing was declined: its request opens again, without that mentor. */
export function nextSuggestionWork(pairingId: string, now: Date): NewDueWork {
  return {
    id: `${nextSuggestionKind}:${pairingId}`,
    kind: nextSuggestionKind,
    dueAt: now,
    payload: { pairingId },
  };
}

/**
 * A mentor declined a pairing proposed from a request ("I'm not the right person for what they
 * need", or not the right time): that mentor is passed over for the request, its suggestions are
 * made again, and the program office is offered the next one at once.
 */
export async function offerNextSuggestion(deps: MatchingDependencies, pairingId: string) {
  const requestId = await deps.pool.requestOfPairing(pairingId);
  if (!requestId) return;
  const request = await deps.pool.getRequest(requestId);
  if (!request?.proposed || request.proposed.pairingId !== pairingId) return;
  const now = deps.clock.now();
  const passedOver = [...new Set([...request.passedOver, request.proposed.mentorId])];
  const { proposed: _proposed, ...rest } = request;
  const reopened: MenteeRequest = {
    ...rest,
    status: 'open',
    passedOver,
    suggestions: await suggestionsFor(deps, { ...request, passedOver }, now.toISOString()),
    revision: request.revision + 1,
  };
  if ((await deps.pool.saveRequest(reopened, request.revision)) === 'conflict') return;
  const declined = (await deps.pool.get(request.proposed.mentorId))?.name ?? 'The mentor';
  await deps.outbox([await requestEmail(deps, reopened, { declined })]);
}

export function matchingHandlers(deps: MatchingDependencies) {
  return {
    [nextSuggestionKind]: async (work: { payload: Record<string, unknown> }) => {
      await offerNextSuggestion(deps, String(work.payload.pairingId));
    },
  };
}
