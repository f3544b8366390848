import { describe, expect, it } from 'vitest';
import { httpClient } from '../../support/http-events.ts';
import { integrationDependencies, steppingClock } from '../../support/integration.ts';
import { emailsTo, pairingRequest } from '../../support/pairing-fixtures.ts';

const start = new Date('2027-03-01T14:00:00Z');

function formFields(request: ReturnType<typeof pairingRequest>): Record<string, string | string[]> {
  return {
    submissionId: 'form-submission-0001',
    'mentor.name': request.mentor.name,
    'mentor.email': request.mentor.email,
    'mentee.name': request.mentee.name,
    'mentee.email': request.mentee.email,
    'mentee.careerStage': 'fellow',
    needs: ['moral-support', 'career'],
    goals: ['Plan a research year', '', 'Balance nights and family', '', ''],
    frequency: 'bimonthly',
    meetingMinutes: '60',
    preferredWeekday: 'thursday',
    'timeWindow.start': '07:00',
    'timeWindow.end': '08:30',
    timeZone: '',
    termMonths: '',
    firstMeetingBy: '',
    formality: 'casual',
    mentorAvailability: 'Teams chat on weekdays',
    note: '',
  };
}

describe('the pairing form', () => {
  it('labels every input and offers the hospital defaults', async () => {
    const deps = await integrationDependencies({ clock: steppingClock(start) });
    const page = await httpClient(deps).get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).not.toMatch(/<script/i);
    const ids = [
      ...page.body.matchAll(/<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"/g),
    ].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(20);
    for (const id of ids) expect(page.body).toContain(`for="${id}"`);
    expect(page.body).toContain('value="America/Chicago"');
    expect(page.body).toMatch(/<option value="monthly" selected>/);
  });

  it('shows each error beside its field, announced, and keeps what was typed', async () => {
    const deps = await integrationDependencies({ clock: steppingClock(start) });
    const request = pairingRequest();
    const fields = {
      ...formFields(request),
      'mentor.name': 'Dr <b>Bold</b>',
      'mentee.email': 'not-an-email',
      needs: [],
      'mentee.careerStage': '', // still "Choose…": the cross-field error is shown all the same
      'timeWindow.end': '07:30',
    };
    const page = await httpClient(deps).postForm('/', fields);
    expect(page.status).toBe(400);
    expect(page.body).toContain('role="alert"');
    expect(page.body).toMatch(
      /id="f-mentee-email"[^>]*aria-describedby="f-mentee-email-hint f-mentee-email-error" aria-invalid="true"/,
    );
    expect(page.body).toContain(
      '<p class="error" id="f-mentee-email-error">Enter an email address like name@hospital.org</p>',
    );
    expect(page.body).toContain(
      'id="f-needs-error">Choose at least one thing the mentee is looking for',
    );
    expect(page.body).toContain('The window must end at least 60 minutes after it starts');
    expect(page.body).toContain('Choose the mentee’s career stage');
    // What was typed is kept, escaped.
    expect(page.body).toContain('value="Dr &lt;b&gt;Bold&lt;/b&gt;"');
    expect(page.body).not.toContain('<b>Bold</b>');
    expect(page.body).toContain('value="not-an-email"');
    expect(page.body).toContain('value="Plan a research year"');
    expect(page.body).toContain('value="Balance nights and family"');
    expect(page.body).toMatch(/value="casual" checked/);
  });

  it('creates the pairing with the defaults filled in, once however often it is submitted', async () => {
    const deps = await integrationDependencies({ clock: steppingClock(start) });
    const http = httpClient(deps);
    const request = pairingRequest();
    const first = await http.postForm('/', formFields(request));
    expect(first.status).toBe(201);
    expect(first.body).toContain('Proposal sent');
    const again = await http.postForm('/', formFields(request)); // double click / refresh
    expect(again.status).toBe(200);
    const reference = /<code>([^<]+)<\/code>/.exec(first.body)?.[1];
    expect(again.body).toContain(`<code>${reference}</code>`);
    expect(await emailsTo(request.mentor.email, /mentoring expectations/)).toHaveLength(1);

    const stored = await deps.pairingStore.get(reference ?? '');
    expect(stored?.pairing.expectations).toMatchObject({
      needs: ['moral-support', 'career'],
      goals: ['Plan a research year', 'Balance nights and family'],
      frequency: 'bimonthly',
      meetingMinutes: 60,
      timeZone: 'America/Chicago',
      termMonths: 12,
      firstMeetingBy: '2027-04-12',
      formality: 'casual',
    });
    expect(stored?.pairing.mentee.careerStage).toBe('fellow');
  });

  it('shows a conflict at the top of the form, keeping the values', async () => {
    const deps = await integrationDependencies({ clock: steppingClock(start) });
    const http = httpClient(deps);
    const request = pairingRequest();
    await http.postForm('/', formFields(request));
    const duplicate = await http.postForm('/', {
      ...formFields(request),
      submissionId: 'form-submission-0002',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toContain('already have an open pairing');
    expect(duplicate.body).toContain(`value="${request.mentor.email}"`);
  });
});
