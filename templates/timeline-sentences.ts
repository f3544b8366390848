import type { EndReason, Pairing, PairingEvent, Party } from '#domain/pairing';
import type { TimelineEntry } from '#domain/timeline';
import { formalityLabels, frequencyLabels } from './expectations.ts';

/*
 * The administrators' timeline in plain sentences (issue 15): "Dr Ben Liu agreed to version 2,
 * which changed how often to every 2 weeks", not `agreed by the mentee (version 2)`. The stored
 * entries name roles; the names come from the pairing as it is now.
 */

const fieldNames: Record<string, string> = {
  needs: 'what the mentee is looking for',
  goals: 'the goals',
  frequency: 'how often',
  formality: 'the style',
  meetingMinutes: 'the meeting length',
  preferredWeekday: 'the weekday',
  timeWindow: 'the time window',
  timeZone: 'the time zone',
  termMonths: 'the term',
  firstMeetingBy: 'the first-meeting date',
  mentorAvailability: 'the mentor’s availability',
  note: 'the note',
  place: 'where they meet',
};

const endReasonWords: Record<EndReason, string> = {
  'goals-met': 'the goals are met',
  'became-peers': 'the mentee has become a peer',
  'mentor-stepped-back': 'the mentor stepped back',
  'mentee-withdrew': 'the mentee withdrew',
  'program-ended': 'the program term ended',
};

/** A changed field in words, with its value now when the version is the current one. */
function fieldChange(pairing: Pairing, field: string, current: boolean): string {
  const name = fieldNames[field] ?? field;
  if (!current) return name;
  const e = pairing.expectations;
  const value: Record<string, string> = {
    frequency: frequencyLabels[e.frequency].toLowerCase(),
    formality: formalityLabels[e.formality].toLowerCase(),
    meetingMinutes: `${e.meetingMinutes} minutes`,
    timeWindow: `${e.timeWindow.start}–${e.timeWindow.end}`,
    termMonths: `${e.termMonths} months`,
    preferredWeekday: e.preferredWeekday,
    ...(e.place ? { place: e.place } : {}),
  };
  return value[field] ? `${name} to ${value[field]}` : name;
}

function changedFields(pairing: Pairing, detail: string | undefined, version?: number): string {
  const fields = (detail ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const current = version === undefined || version === pairing.version;
  return fields.map((f) => fieldChange(pairing, f, current)).join(', ');
}

/** What the version `version` changed, from the suggestion or change that made it. */
function madeBy(pairing: Pairing, version: number | undefined): string {
  if (version === undefined) return '';
  const made = pairing.history.find(
    (e) =>
      (e.event === 'suggested-change' || e.event === 'change-proposed') && e.version === version,
  );
  return made?.detail ? changedFields(pairing, made.detail, version) : '';
}

/** "mentee, mentor" → "Dr Ben Liu and Dr Ada Okafor". */
function names(pairing: Pairing, roles: string): string {
  return roles
    .split(',')
    .map((r) => r.trim())
    .map((r) => (r === 'mentor' || r === 'mentee' ? pairing[r].name : r))
    .join(' and ');
}

const who = (pairing: Pairing, party: Party | undefined, fallback = 'The program office') =>
  party ? pairing[party].name : fallback;

/** One change of the pairing's own state, as a sentence. */
export function historySentence(pairing: Pairing, h: PairingEvent): string {
  const name = who(pairing, h.party);
  const version = h.version ? ` version ${h.version}` : '';
  switch (h.event) {
    case 'proposed':
      return 'The pairing was proposed; both were emailed the proposal.';
    case 'agreed': {
      const changes = madeBy(pairing, h.version);
      const what = h.version && h.version > 1 ? version : ' the proposal';
      return `${name} agreed to${what}${changes ? `, which changed ${changes}` : ''}.`;
    }
    case 'suggested-change':
      return `${name} suggested changes (${version.trim() || 'a new version'}): ${changedFields(pairing, h.detail, h.version)}.`;
    case 'declined':
      return `${name} declined${h.detail ? `: “${h.detail}”` : ''}.`;
    case 'activated':
      return 'Both agreed: the mentoring started, and the meetings were planned.';
    case 'reminded':
      return `A reminder to agree was sent${h.detail ? ` to ${names(pairing, h.detail)}` : ''}.`;
    case 'expired':
      return 'The proposal expired without agreement.';
    case 'paused':
      return `${name} paused the mentoring${h.detail ? ` ${h.detail}` : ''}.`;
    case 'resumed':
      return `${name} resumed the mentoring.`;
    case 'concluded':
      return `${name} ended the mentoring: ${endReasonWords[h.detail as EndReason] ?? h.detail ?? 'no reason given'}.`;
    case 'change-proposed':
      return `${name} proposed a change: ${changedFields(pairing, h.detail, h.version)}.`;
    case 'change-agreed': {
      const changes = madeBy(pairing, h.version);
      return `${name} agreed to the change${changes ? `, which changed ${changes}` : ''}.`;
    }
    case 'change-declined':
      return `${name} kept the current arrangement.`;
    case 'renewal-answered':
      return `${name} chose to ${h.detail === 'renew' ? 'renew for another term' : 'let it end with the term'}.`;
    case 'renewed':
      return `Both chose to renew${h.detail ? `: the term runs ${h.detail}` : ''}.`;
    case 'review-asked':
      return `Both were asked whether the meeting frequency still suits them (${h.detail ?? 'review'}).`;
    case 'review-answered':
      return `${name} answered the frequency review: ${(h.detail ?? '').replace(/^round \d+: /, '').replace('-', ' ')}.`;
    case 'forgotten':
      return 'A person’s details were erased at their request.';
  }
}

/** What an email of each kind is, for "… was emailed to Dr Ben Liu". */
const emailWords: Record<string, string> = {
  'proposal-new': 'The proposal',
  'proposal-changed': 'The changed proposal',
  'proposal-reminder': 'A reminder to agree',
  'agreed-summary': 'The agreed summary',
  'suggestion-sent': 'A confirmation of their suggestion',
  'declined-notice': 'The news that the pairing will not go ahead',
  'meeting-invite': 'A meeting invitation',
  'meeting-update': 'An updated invitation',
  'meeting-cancel': 'A cancellation',
  checkin: 'The check-in',
  'checkin-note': 'The other person’s next steps',
  'checkin-answer': 'The other person’s check-in answer',
  'checkin-thanks': 'A thank-you for their check-in',
  'meeting-declined-note': 'The news that the other person cannot make a meeting',
  paused: 'The news of the pause',
  resumed: 'The news that the mentoring resumed',
  closing: 'The closing note',
  'change-proposal': 'A proposed change',
  'change-declined': 'The news that the change was not taken up',
  'term-notice': 'The notice that the term ends soon',
  'renewal-renew': 'The other person’s wish to renew',
  'renewal-end': 'The news that the mentoring ends with the term',
  renewed: 'The news of the renewal',
  'review-question': 'The frequency review question',
};

/** One email sent, reply received or answer given, as a sentence. */
export function logSentence(pairing: Pairing, e: TimelineEntry): string {
  const party = e.who === 'mentor' || e.who === 'mentee' ? e.who : undefined;
  const name = party ? pairing[party].name : 'the administrators';
  if (e.what.startsWith('email:')) {
    const kind = e.what.slice('email:'.length);
    return `${emailWords[kind] ?? `An email (${kind.replace(/-/g, ' ')})`} was emailed to ${name}.`;
  }
  const about = e.detail ? ` (${e.detail})` : '';
  switch (e.what) {
    case 'reply:checkin':
      return `${name} replied to the check-in with next steps${about}.`;
    case 'reply:attendance':
      return `${name} answered a meeting invitation${about}.`;
    case 'answer:checkin':
      return `${name} answered the check-in: ${e.detail ?? ''}.`;
    default:
      return `${name}: ${e.what.replace(/[:-]/g, ' ')}${about}.`;
  }
}
