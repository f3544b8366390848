// Every kind of email Tandem sends, rendered from its template with a realistic pairing: long
// names, a long address, links as long as an API Gateway URL makes them. A pure fixture, for the
// browser tier's phone-width check (e2e/emails.e2e.ts).
import type { HospitalConfig } from '#config/hospital-config';
import { planMeetings } from '#domain/meeting';
import type { MenteeRequest, MentorProfile } from '#domain/mentor-pool';
import type { Pairing } from '#domain/pairing';
import { periodFigures, type WeekFigures } from '#domain/program-dashboard';
import { linkUrl } from '#domain/signed-link';
import { renderDigest } from '#templates/digest-email';
import {
  renderCheckinAcknowledgement,
  renderCheckinAnswerNote,
  renderCheckinEmail,
  renderCheckinNote,
  renderDeclinedMeetingNote,
  renderInboundAlert,
} from '#templates/mail-in-emails';
import { renderMeetingEmail } from '#templates/meeting-emails';
import {
  type AdministratorAlertReason,
  type RenderedEmail,
  renderAdministratorAlert,
  renderDeclinedNotice,
  renderProposalEmail,
  renderSuggestionSent,
  renderSummaryEmail,
} from '#templates/pairing-emails';
import { renderParkedWorkAlert } from '#templates/parked-work-alert';
import {
  renderMenteeChoices,
  renderMentorConfirm,
  renderMentorListed,
  renderRequestForCoordinator,
} from '#templates/pool-emails';
import {
  renderAskNewMentor,
  renderChangeDeclined,
  renderChangeProposal,
  renderClosingEmail,
  renderPausedEmail,
  renderRenewalAnswer,
  renderRenewedEmail,
  renderResumedEmail,
  renderReviewQuestion,
  renderTermNotice,
} from '#templates/relationship';
import { agreedPairing } from './pairing-requests.ts';

/** The longest base a stack's links have: an API Gateway URL in the longest-named region. */
const base = 'https://abcdefghij.execute-api.ap-southeast-2.amazonaws.com';
const link = (n: number) => linkUrl(base, `${'A'.repeat(21)}${n % 10}`);

export function everyEmail(hospital: HospitalConfig): { name: string; email: RenderedEmail }[] {
  const now = new Date('2027-03-01T14:00:00Z');
  const pairing = agreedPairing({
    hospital,
    now,
    id: '5f0c2a8e-7d4b-4c1e-9a3f-2b6d8e1f0a77',
    overrides: {
      mentor: {
        name: 'Prof. Dr Maria-Fernanda Castellanos-Villanueva',
        email: `maria-fernanda.castellanos-villanueva@${hospital.allowedEmailDomains[0]}`,
      },
      mentee: {
        name: 'Dr Oluwaseun Adebayo-Whitfield',
        email: `oluwaseun.adebayo-whitfield@${hospital.allowedEmailDomains[0]}`,
        careerStage: 'resident',
      },
      goals: [
        'Choose between a critical care fellowship and an anaesthesia residency-track position',
        'Lead a code blue with confidence',
      ],
      timeZone: hospital.timeZone,
    },
  });
  const changed: Pairing = {
    ...pairing,
    status: 'agreeing',
    version: 2,
    proposedBy: 'mentee',
    changeNote: 'Exam season until June: every two weeks suits me better.',
    history: [
      ...pairing.history,
      { at: now.toISOString(), event: 'suggested-change', detail: 'frequency, meetingMinutes' },
    ],
  };
  const pending: Pairing = {
    ...pairing,
    pendingChange: {
      version: 2,
      by: 'mentee',
      change: { frequency: 'biweekly', note: 'Rotation change in April.' },
      at: now.toISOString(),
    },
  };
  const [first, second] = planMeetings(pairing, hospital, now).map((p) => p.meeting);
  if (!first || !second) throw new Error('no meetings planned');
  const links = {
    willAttend: `${link(1)}?a=yes`,
    cannotAttend: `${link(1)}?a=no`,
    manage: link(1),
  };
  const emails: [string, RenderedEmail][] = [];
  for (const party of ['mentor', 'mentee'] as const) {
    for (const reason of ['new', 'changed', 'reminder'] as const)
      emails.push([
        `proposal-${reason}-${party}`,
        renderProposalEmail(
          hospital,
          reason === 'changed' ? changed : pairing,
          party,
          link(2),
          reason,
        ),
      ]);
    emails.push([`summary-${party}`, renderSummaryEmail(hospital, pairing, party, link(3))]);
    for (const method of ['REQUEST', 'CANCEL'] as const)
      emails.push([
        `meeting-${method.toLowerCase()}-${party}`,
        renderMeetingEmail(hospital, pairing, first, party, method, links, {
          text: 'Read the two fellowship programmes’ websites; draft three questions for their program directors.',
          by: 'mentor',
        }),
      ]);
  }
  emails.push(
    [
      'meeting-update',
      renderMeetingEmail(hospital, pairing, { ...second, sequence: 1 }, 'mentor', 'REQUEST', links),
    ],
    ['suggestion-sent', renderSuggestionSent(hospital, changed, 'mentee')],
    ['declined-notice', renderDeclinedNotice(hospital, pairing)],
    ...(
      [
        'declined',
        'expired',
        'review-disagreement',
        'no-first-meeting',
        'checkins-unanswered',
        'pending-agreement',
      ] as AdministratorAlertReason[]
    ).map((reason): [string, RenderedEmail] => [
      `admin-alert-${reason}`,
      renderAdministratorAlert(
        hospital,
        pairing,
        reason,
        'Not the right time for me: on leave until June',
      ),
    ]),
    ['paused', renderPausedEmail(hospital, pairing, 'mentee', '2027-05-03')],
    ['resumed', renderResumedEmail(hospital, pairing, 'program')],
    [
      'closing',
      renderClosingEmail(
        hospital,
        { ...pairing, status: 'concluded', closeReason: 'became-peers' },
        'mentor',
        { meetingsHeld: 9, hoursTogether: 4.5, checkinsAnswered: 7 },
      ),
    ],
    [
      'ask-new-mentor',
      renderAskNewMentor(hospital, pairing, 'Not the right person for a surgical career.'),
    ],
    ['term-notice', renderTermNotice(hospital, pairing, 'mentee', '2028-03-01', link(4))],
    ['renewal-renew', renderRenewalAnswer(hospital, pairing, 'mentor', 'renew', link(5))],
    ['renewal-end', renderRenewalAnswer(hospital, pairing, 'mentor', 'end', link(5))],
    ['renewed', renderRenewedEmail(hospital, pairing, '2029-03-01')],
    [
      'review-question',
      renderReviewQuestion(hospital, pairing, 'mentor', {
        keep: `${link(6)}?a=keep`,
        'less-often': `${link(6)}?a=less-often`,
        'more-often': `${link(6)}?a=more-often`,
      }),
    ],
    ['change-proposal', renderChangeProposal(hospital, pending, 'mentee', link(7))],
    ['change-declined', renderChangeDeclined(hospital, pending, 'mentee')],
    ...(['mentor', 'mentee'] as const).map((party): [string, RenderedEmail] => [
      `checkin-${party}`,
      renderCheckinEmail(hospital, pairing, first, party, (a) => `${link(9)}?a=${a}`),
    ]),
    ['checkin-answer-met', renderCheckinAnswerNote(hospital, pairing, first, 'mentee', 'met')],
    [
      'checkin-answer-not-met',
      renderCheckinAnswerNote(hospital, pairing, first, 'mentor', 'not-met'),
    ],
    ...(['met', 'not-met', 'help', 'reply'] as const).map((answer): [string, RenderedEmail] => [
      `checkin-thanks-${answer}`,
      renderCheckinAcknowledgement(hospital, pairing, 'mentee', answer),
    ]),
    [
      'admin-alert-checkin-help',
      renderAdministratorAlert(
        hospital,
        pairing,
        'checkin-help',
        'Dr Oluwaseun Adebayo-Whitfield (the mentee) asked for help after the meeting.',
      ),
    ],
    [
      'checkin-note',
      renderCheckinNote(
        hospital,
        pairing,
        first,
        'We agreed I shadow the night ICU team twice before our next meeting.',
      ),
    ],
    [
      'meeting-declined-note',
      renderDeclinedMeetingNote(hospital, pairing, first, 'mentee', link(8)),
    ],
    [
      'inbound-alert',
      renderInboundAlert(hospital, 'A reply was quarantined', [
        ['From', pairing.mentee.email],
        [
          'Subject',
          'Re: How did your mentoring meeting with Prof. Dr Maria-Fernanda Castellanos-Villanueva go?',
        ],
        ['Why', 'DMARC failed and DKIM was not aligned with the From domain'],
      ]),
    ],
    [
      'parked-work-alert',
      renderParkedWorkAlert(hospital, {
        id: `meeting-invite:${pairing.id}:0:mentor:s0:REQUEST`,
        kind: 'meeting-invite',
        attempts: 5,
        error: 'ThrottlingException: Rate exceeded for operation SendEmail',
        dueAt: now,
      }),
    ],
    ...poolEmails(hospital, pairing.mentor.name, pairing.mentor.email, pairing.mentee),
    [
      'weekly-digest',
      (() => {
        const week = (period: string, held: number, active: number) => ({
          ...periodFigures(period, {
            planned: 6,
            held,
            minutesHeld: held * 45,
            invited: 12,
            accepted: 9,
          }),
          active,
          waiting: 2,
        });
        const weeks = [week('2027-02-15', 4, 11), week('2027-02-22', 5, 12)];
        return renderDigest(hospital, {
          week: weeks[1] as WeekFigures,
          before: weeks[0] as WeekFigures,
          chartWeeks: weeks,
          alerts: [
            {
              at: '2027-02-24T10:00:00Z',
              kind: 'admin-alert-checkins-unanswered',
              subject: `[${hospital.branding.programName}] Three check-ins unanswered: ${pairing.mentee.name}`,
              text: '',
              pairingId: pairing.id,
            },
          ],
          adminUrl: `${base}/admin`,
        });
      })(),
    ],
  );
  return emails.map(([name, email]) => ({ name, email }));
}

/** The mentor pool's emails (issue 17), with the same long names and base URL. */
function poolEmails(
  hospital: HospitalConfig,
  mentorName: string,
  mentorEmail: string,
  mentee: { name: string; email: string },
): [string, RenderedEmail][] {
  const at = '2027-03-01T14:00:00Z';
  const profile: MentorProfile = {
    id: '7a1c2e9b-0d4f-4b8a-9c6e-1f2a3b4c5d6e',
    name: mentorName,
    email: mentorEmail,
    department: 'Pulmonary and Critical Care Medicine, Department of Internal Medicine',
    careerStage: 'senior-attending',
    offers: ['career', 'moral-support'],
    areas: ['critical care fellowship applications', 'burnout and resilience in residency'],
    style: 'goal-driven',
    capacity: 2,
    menteeStages: ['resident', 'fellow'],
    preferredWeekdays: ['tuesday', 'thursday'],
    timeWindow: { start: '15:00', end: '17:00' },
    timeZone: 'America/Argentina/ComodRivadavia',
    availability: 'Email only, weekdays; at most 4 messages a month',
    status: 'listed',
    createdAt: at,
    lastActiveAt: at,
    revision: 1,
  };
  const request: MenteeRequest = {
    id: '0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f',
    mentee: { name: mentee.name, email: mentee.email, careerStage: 'fellow' },
    needs: ['career', 'moral-support'],
    goals: ['Choose a critical care fellowship'],
    areas: ['critical care fellowship'],
    style: 'goal-driven',
    frequency: 'monthly',
    preferredWeekdays: ['tuesday'],
    timeWindow: { start: '15:00', end: '17:00' },
    timeZone: 'America/Chicago',
    createdAt: at,
    status: 'open',
    suggestions: [1, 2, 3].map((n) => ({
      mentorId: `m${n}`,
      name: n === 1 ? mentorName : `Dr Mentor Number ${n} With A Long Name-Hyphenated`,
      score: 14 - n,
      reasons: [
        'offers career guidance, which you asked for',
        'also interested in critical care fellowship applications',
        'prefers goal-driven meetings, like you',
        'free on Tuesday afternoons, in your window',
        'has room for 2 more mentees',
      ],
    })),
    passedOver: [],
    revision: 1,
  };
  const adminPage = `${base}/admin/r/${'B'.repeat(22)}`;
  return [
    ['mentor-confirm', renderMentorConfirm(hospital, { ...profile, status: 'pending' }, link(20))],
    ['mentor-listed', renderMentorListed(hospital, profile, link(21))],
    ['mentee-choices', renderMenteeChoices(hospital, request, request.suggestions, link(22))],
    ['office-mentor-request', renderRequestForCoordinator(hospital, request, adminPage)],
  ];
}
