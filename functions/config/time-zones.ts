import { getAllTimezones, type Timezone } from 'countries-and-timezones';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { builtOnce } from './built-once.ts';

/**
 * Time zones as calendars need them: the IANA primary (Zone) name, never a link or an offset.
 *
 * `Intl` accepts aliases (`Asia/Calcutta`), any case (`america/new_york`), POSIX-style names
 * (`EST5EDT`) and offsets, and ICU's "canonical" names are CLDR's, which keep old links
 * (`Asia/Calcutta`, `Europe/Kiev`). The tz database's own links come from
 * countries-and-timezones (its `aliasOf` is the `backward` file's target); the VTIMEZONE blocks
 * from timezones-ical-library, generated from the tz database and shipped inside its JavaScript
 * (no files read at run time, so it works the same in a Lambda bundle).
 */

// Built on first use: the dispatcher only needs it when a calendar is made.
const allZones = /* @__PURE__ */ builtOnce(
  (): Record<string, Timezone> => getAllTimezones({ deprecated: true }),
);

const blocks = new Map<string, string | null>();

/**
 * The VTIMEZONE block of a zone (ical-generator's timezone generator), only when its TZID is
 * exactly that zone's name; built once per zone, since every invite asks for it.
 */
export function vtimezoneComponent(zone: string): string | null {
  let block = blocks.get(zone);
  if (block === undefined) {
    const [found] = [tzlib_get_ical_block(zone)].flat();
    block =
      found?.startsWith('BEGIN:VTIMEZONE') && found.includes(`\r\nTZID:${zone}\r\n`)
        ? `${found}\r\n`
        : null;
    blocks.set(zone, block);
  }
  return block;
}

function isPrimary(name: string): boolean {
  const info = allZones()[name];
  return Boolean(info && !info.aliasOf && name.includes('/') && !name.startsWith('Etc/'));
}

/** Whether a calendar can place a meeting in this zone. */
function isPlaceable(zone: string): boolean {
  return isPrimary(zone) && isKnownToIntl(zone) && vtimezoneComponent(zone) !== null;
}

function isKnownToIntl(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Every zone a pairing may use, for the form's list: primary names with a VTIMEZONE. */
export const timeZoneNames = /* @__PURE__ */ builtOnce((): readonly string[] =>
  Object.keys(allZones()).filter(isPlaceable).sort(),
);

/** Lower-cased zone and link names → their primary zone. */
const byLowerName = /* @__PURE__ */ builtOnce(
  () =>
    new Map(
      Object.entries(allZones()).map(([name, info]) => [name.toLowerCase(), info.aliasOf ?? name]),
    ),
);

export type TimeZoneCheck = { ok: true; zone: string } | { ok: false; message: string };

/**
 * The IANA primary name for what a person typed: links mapped to their zone, case fixed.
 * Offsets, `Etc/…` and POSIX-style zones are refused with an example, as are the few zones no
 * VTIMEZONE is known for (a calendar could not place the meeting).
 */
export function canonicalTimeZone(input: string): TimeZoneCheck {
  const typed = input.trim();
  const zone = byLowerName().get(typed.toLowerCase());
  if (zone && isPlaceable(zone)) return { ok: true, zone };
  if (zone && isPrimary(zone))
    return {
      ok: false,
      message: `${zone} is too new for calendar apps' time zone data; choose a nearby zone with the same time`,
    };
  if (/^(utc|gmt|z)?\s*[+-]\d{1,2}(:?\d{2})?$/i.test(typed) || /^etc\//i.test(typed))
    return {
      ok: false,
      message: `Use a place-based time zone such as America/New_York or Asia/Kolkata, not an offset (${typed}): offsets do not follow daylight saving time`,
    };
  return {
    ok: false,
    message: `Use an IANA time zone name such as America/New_York or Europe/London (${typed.slice(0, 60)} is not one)`,
  };
}
