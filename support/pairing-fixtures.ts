import { randomUUID } from 'node:crypto';
import { sentEmails } from './integration.ts';

/** A valid pairing request with addresses unique to the test, so emails can be told apart. */
export function pairingRequest(overrides: Record<string, unknown> = {}) {
  const tag = randomUUID().slice(0, 8);
  return {
    mentor: { name: 'Dr Ada Okafor', email: `ada.okafor.${tag}@test-hospital.example.org` },
    mentee: {
      name: 'Dr Ben Liu',
      email: `ben.liu.${tag}@test-hospital.example.org`,
      careerStage: 'resident',
    },
    needs: ['skill', 'career'],
    goals: ['Lead a code blue with confidence', 'Choose a fellowship'],
    frequency: 'monthly',
    formality: 'goal-driven',
    meetingMinutes: 30,
    preferredWeekday: 'tuesday',
    timeWindow: { start: '15:00', end: '17:00' },
    timeZone: 'America/Chicago',
    termMonths: 12,
    firstMeetingBy: '2027-04-15',
    mentorAvailability: 'Email only, weekdays; at most 4 messages a month',
    note: 'Met at the simulation day',
    ...overrides,
  };
}

/** Emails to one address whose subject matches. */
export async function emailsTo(address: string, subject?: RegExp) {
  return (await sentEmails(address)).filter(
    (e) => subject === undefined || subject.test(e.subject),
  );
}

const linkPattern = /http:\/\/tandem\.test(\/respond\/[^\s"<>]+)/;

/** The respond link (path and query) from the newest proposal email to an address. */
export async function respondLinkFor(
  address: string,
): Promise<{ path: string; token: string; id: string }> {
  const proposals = await emailsTo(address, /mentoring expectations/);
  const text = proposals.at(-1)?.body.text ?? '';
  const match = linkPattern.exec(text);
  if (!match?.[1]) throw new Error(`no respond link in the email to ${address}:\n${text}`);
  const url = new URL(match[1], 'http://tandem.test');
  return {
    path: `${url.pathname}${url.search}`,
    token: url.searchParams.get('t') ?? '',
    id: decodeURIComponent(url.pathname.split('/')[2] ?? ''),
  };
}
