import type { HospitalConfig } from '#config/hospital-config';
import { formatLongDate } from '#domain/calendar-dates';
import { type EndReason, endReasons, otherParty, type Pairing, type Party } from '#domain/pairing';
import { escapeHtml } from './escape.ts';
import { renderPage } from './layout.ts';
import type { RenderedEmail } from './pairing-emails.ts';

export const endReasonLabels: Record<EndReason, string> = {
  'goals-met': 'Our goals are met',
  'became-peers': 'The mentee has become a peer',
  'mentor-stepped-back': 'The mentor is stepping back',
  'mentee-withdrew': 'The mentee is withdrawing',
  'program-ended': 'The program term ended',
};

function wrap(hospital: HospitalConfig, inner: string): string {
  return `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;color:#1a1a1a;line-height:1.5">
<p style="background:${hospital.branding.primaryColor};color:#fff;padding:8px 12px;margin:0 0 16px">${escapeHtml(hospital.branding.programName)}</p>
${inner}</body></html>`;
}

function simple(
  hospital: HospitalConfig,
  subject: string,
  greeting: string,
  paragraphs: string[],
): RenderedEmail {
  return {
    subject,
    text: `${greeting}\n\n${paragraphs.join('\n\n')}\n`,
    html: wrap(
      hospital,
      `<p>${escapeHtml(greeting)}</p>${paragraphs.map((p) => `<p style="white-space:pre-line">${escapeHtml(p)}</p>`).join('')}`,
    ),
  };
}

const byWhom = (pairing: Pairing, by: Party | 'program') =>
  by === 'program' ? 'the program office' : pairing[by].name;

export function renderPausedEmail(
  hospital: HospitalConfig,
  pairing: Pairing,
  by: Party | 'program',
  until?: string,
): RenderedEmail {
  return simple(
    hospital,
    'Your mentoring is paused',
    `Dear ${pairing.mentor.name} and ${pairing.mentee.name},`,
    [
      `${byWhom(pairing, by)} paused your mentoring relationship${until ? ` until ${formatLongDate(until)}` : ''}. Future meetings are cancelled and removed from your calendars; no invites or check-ins are sent meanwhile.`,
      until
        ? 'Meetings are planned again automatically on that date.'
        : 'Either of you can resume it from the link in your summary email.',
    ],
  );
}

export function renderResumedEmail(
  hospital: HospitalConfig,
  pairing: Pairing,
  by: Party | 'program',
): RenderedEmail {
  return simple(
    hospital,
    'Your mentoring has resumed',
    `Dear ${pairing.mentor.name} and ${pairing.mentee.name},`,
    [
      `${byWhom(pairing, by)} resumed your mentoring relationship. The next meetings are planned at the agreed rhythm; invites follow ${hospital.programDefaults.inviteLeadDays} days before each.`,
    ],
  );
}

export interface ClosingFigures {
  meetingsHeld: number;
  hoursTogether: number;
  checkinsAnswered: number;
}

export function renderClosingEmail(
  hospital: HospitalConfig,
  pairing: Pairing,
  to: Party,
  figures: ClosingFigures,
): RenderedEmail {
  const other = pairing[otherParty(to)];
  const reason =
    endReasonLabels[(pairing.closeReason ?? 'goals-met') as EndReason] ?? pairing.closeReason ?? '';
  return simple(
    hospital,
    `Your mentoring with ${other.name} has ended`,
    `Dear ${pairing[to].name},`,
    [
      `Your mentoring relationship with ${other.name} has ended: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}. Ending is part of mentoring, and no one is at fault.${pairing.closeNote ? `\n\nNote: ${pairing.closeNote}` : ''}`,
      `Together you held ${figures.meetingsHeld} meeting${figures.meetingsHeld === 1 ? '' : 's'} (${figures.hoursTogether} hours), and ${figures.checkinsAnswered} check-in${figures.checkinsAnswered === 1 ? ' was' : 's were'} answered.`,
      'Any future meetings are cancelled and removed from your calendars. Thank you for the time and care you gave.',
    ],
  );
}

export function renderAskNewMentor(
  hospital: HospitalConfig,
  pairing: Pairing,
  note?: string,
): RenderedEmail {
  return simple(
    hospital,
    `[${hospital.branding.programName}] ${pairing.mentee.name} needs a new mentor`,
    'Dear program office,',
    [
      `${pairing.mentor.name} stepped back from mentoring ${pairing.mentee.name} (${pairing.mentee.email}) and asked you to find them a new mentor.${note ? `\n\nNote: ${note}` : ''}`,
      `Pairing: ${pairing.id}`,
    ],
  );
}

/** The page behind "Pause or end this relationship": each action takes a click and a confirmation. */
export function renderRelationshipPage(
  hospital: HospitalConfig,
  pairing: Pairing,
  party: Party,
  token: string,
  options: {
    confirmEnd?: { reason: EndReason; note: string; askNewMentor: boolean };
    problem?: string;
  } = {},
): string {
  const action = `/relationship/${escapeHtml(pairing.id)}`;
  const hidden = `<input type="hidden" name="t" value="${escapeHtml(token)}">`;
  const other = pairing[otherParty(party)];
  if (options.confirmEnd) {
    const { reason, note, askNewMentor } = options.confirmEnd;
    return renderPage(
      hospital,
      'Confirm: end the relationship',
      `<h1>End your mentoring with ${escapeHtml(other.name)}?</h1>
<p>Reason: ${escapeHtml(endReasonLabels[reason])}. Both of you get a closing email; future meetings are cancelled.</p>
<form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="end-confirmed">
<input type="hidden" name="reason" value="${escapeHtml(reason)}"><input type="hidden" name="note" value="${escapeHtml(note)}">
${askNewMentor ? '<input type="hidden" name="askNewMentor" value="yes">' : ''}
<p><button type="submit">Yes, end the relationship</button></p></form>
<p><a href="${action}?t=${escapeHtml(encodeURIComponent(token))}">No, go back</a></p>`,
    );
  }
  const status =
    pairing.status === 'paused'
      ? `Paused${pairing.pausedUntil ? ` until ${formatLongDate(pairing.pausedUntil)}` : ''}.`
      : pairing.status === 'active'
        ? 'Active.'
        : `This relationship is ${pairing.status}.`;
  const running = pairing.status === 'active' || pairing.status === 'paused';
  const reasons = (
    party === 'mentor'
      ? endReasons.filter((r) => r !== 'mentee-withdrew')
      : endReasons.filter((r) => r !== 'mentor-stepped-back')
  )
    .map(
      (r) =>
        `<label class="option" for="reason-${r}"><input type="radio" id="reason-${r}" name="reason" value="${r}" required> ${escapeHtml(endReasonLabels[r])}</label>`,
    )
    .join('\n');
  const body = `<h1>Your mentoring with ${escapeHtml(other.name)}</h1>
${options.problem ? `<div class="error-summary" role="alert"><p class="error">${escapeHtml(options.problem)}</p></div>` : ''}
<p role="status">${escapeHtml(status)}</p>
${
  !running
    ? ''
    : `${
        pairing.status === 'active'
          ? `<form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="pause">
<fieldset><legend>Pause</legend><p class="hint">Future meetings are cancelled; nothing is sent until the relationship resumes.</p>
<label for="until">Until (optional)</label><input type="date" id="until" name="until">
<p><button type="submit" class="secondary">Pause</button></p></fieldset></form>`
          : `<form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="resume">
<p><button type="submit">Resume now</button></p></form>`
      }
<form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="end">
<fieldset><legend>End the relationship</legend><p class="hint">No fault, no explanation needed. You will be asked to confirm.</p>
${reasons}
<label for="note">Note (optional)</label><textarea id="note" name="note" maxlength="1000"></textarea>
${party === 'mentor' ? `<label class="option" for="askNewMentor"><input type="checkbox" id="askNewMentor" name="askNewMentor" value="yes"> Ask the program office to find ${escapeHtml(other.name)} a new mentor</label>` : ''}
<p><button type="submit" class="secondary">End…</button></p></fieldset></form>`
}`;
  return renderPage(hospital, `Your mentoring with ${other.name}`, body);
}

export function renderTermNotice(
  hospital: HospitalConfig,
  pairing: Pairing,
  endsOn: string,
): RenderedEmail {
  return simple(
    hospital,
    `Your mentoring term ends on ${formatLongDate(endsOn)}`,
    `Dear ${pairing.mentor.name} and ${pairing.mentee.name},`,
    [
      `Your mentoring term ends in 30 days, on ${formatLongDate(endsOn)}. The relationship then ends with thanks, and each of you gets a closing note.`,
      `If you would both like to continue for another term, write to the program office (${hospital.administrators.join(', ')}), who will set up the renewal with you.`,
    ],
  );
}
