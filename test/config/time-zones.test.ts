import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, timeZoneNames, vtimezoneComponent } from '#config/time-zones';

describe('time zones', () => {
  it('stores the IANA primary name: links mapped through the tz database, case fixed', () => {
    const cases: [string, string][] = [
      ['Asia/Calcutta', 'Asia/Kolkata'],
      ['america/new_york', 'America/New_York'],
      ['EST5EDT', 'America/New_York'],
      ['US/Eastern', 'America/New_York'],
      ['Europe/Kiev', 'Europe/Kyiv'],
      ['America/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
      [' Europe/London ', 'Europe/London'],
    ];
    for (const [typed, primary] of cases)
      expect(canonicalTimeZone(typed), typed).toEqual({ ok: true, zone: primary });
  });

  it('refuses offsets, Etc/… zones and unknown names with a message that names an example', () => {
    for (const typed of ['+05:30', 'UTC+5', '-0400', 'Etc/GMT+5', 'GMT-3', 'Mars/Olympus', '']) {
      const checked = canonicalTimeZone(typed);
      expect(checked.ok, typed).toBe(false);
      if (!checked.ok) expect(checked.message).toMatch(/America\/New_York/);
    }
    const offset = canonicalTimeZone('+05:30');
    expect(!offset.ok && offset.message).toMatch(/not an offset/);
  });

  it('has a VTIMEZONE for every zone it offers, under exactly that TZID', () => {
    const names = timeZoneNames();
    expect(names.length).toBeGreaterThan(300);
    expect(names).toContain('Europe/Kyiv');
    expect(names).toContain('America/Ciudad_Juarez');
    expect(names).not.toContain('Asia/Calcutta');
    for (const zone of names) {
      const block = vtimezoneComponent(zone);
      expect(block, zone).toBeTruthy();
      const parsed = new ICAL.Component(
        ICAL.parse(`BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${block}END:VCALENDAR\r\n`),
      );
      expect(parsed.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid'), zone).toBe(
        zone,
      );
    }
  });
});
