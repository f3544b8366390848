import { describe, expect, it } from 'vitest';
import { activePairing, admin, day, tick } from '../../support/active-pairing.ts';
import { httpClient } from '../../support/http-events.ts';
import { integrationDependencies, steppingClock } from '../../support/integration.ts';
import { pairingRequest } from '../../support/pairing-fixtures.ts';

describe('time zones at the API and in the invites', () => {
  it('stores a link as its primary zone and refuses an offset with a 400 that names an example', async () => {
    const http = httpClient(
      await integrationDependencies({ clock: steppingClock(new Date('2027-03-01T14:00:00Z')) }),
    );
    const offset = await http.postJson('/api/pairings', {
      ...pairingRequest(),
      timeZone: '+05:30',
    });
    expect(offset.status).toBe(400);
    expect(offset.json().errors.timeZone).toMatch(/such as America\/New_York/);

    const created = await http.postJson('/api/pairings', {
      ...pairingRequest(),
      timeZone: 'asia/calcutta',
    });
    expect(created.status).toBe(201);
    const stored = (await http.get(`/api/pairings/${created.json().id}`, admin)).json();
    expect(stored.expectations.timeZone).toBe('Asia/Kolkata');
  });

  it('offers the form a list of zones, with no script', async () => {
    const http = httpClient(await integrationDependencies());
    const form = (await http.get('/')).body;
    // A list to choose from (grouped by region), the hospital's zone chosen; no old names.
    expect(form).toMatch(
      /<select id="[^"]*" name="timeZone"[^>]*>.*<optgroup label="Asia">.*<option value="Asia\/Kolkata">Asia\/Kolkata<\/option>/s,
    );
    expect(form).toContain('<option value="America/Chicago" selected>');
    expect(form).not.toContain('<option value="Asia/Calcutta"');
    // Times are 24-hour quarter hours, never a 12-hour browser picker.
    expect(form).not.toContain('type="time"');
    expect(form).toContain('<option value="15:00" selected>15:00</option>');
  });

  it('writes a VTIMEZONE for every TZID of every invite, for a zone given by its old name', async () => {
    const { deps, clock, invites } = await activePairing({ timeZone: 'Europe/Kiev' });
    clock.advance(40 * day);
    await tick(deps);
    const sent = await invites();
    expect(sent.length).toBeGreaterThan(0);
    for (const invite of sent) {
      const tzids = new Set(
        invite.calendarText.match(/TZID=([^:;]+)/g)?.map((m) => m.slice('TZID='.length)),
      );
      const zones = invite.calendar
        .getAllSubcomponents('vtimezone')
        .map((z) => z.getFirstPropertyValue('tzid'));
      expect([...tzids]).toEqual(['Europe/Kyiv']);
      expect(zones).toEqual(['Europe/Kyiv']);
    }
  });
});
