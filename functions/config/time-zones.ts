import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library';
import { builtOnce } from './built-once.ts';

/**
 * Time zones as calendars need them: the IANA primary (Zone) name, never a link or an offset.
 *
 * `Intl` accepts aliases (`Asia/Calcutta`), any case (`america/new_york`), POSIX-style names
 * (`EST5EDT`) and offsets, and ICU's "canonical" names are CLDR's, which keep old links
 * (`Asia/Calcutta`, `Europe/Kiev`). timezones-ical-library, generated from the tz database and
 * shipped inside its JavaScript (no files read at run time, so it works the same in a Lambda
 * bundle), gives both: the VTIMEZONE block of a zone, and for a link (the tz database's
 * `backward` file) the block of its zone, under that zone's TZID. So the names a form offers and
 * the blocks its invites carry come from one table and cannot disagree. (Until 2026-11-26 the
 * links came from countries-and-timezones; it agreed on every one of its 598 names but `Factory`,
 * and its module body runs on import, which put it in every function's cold start.)
 */

// timezones-ical-library's US shorthands, which are not tz database names.
const shorthands = new Set(['CT', 'ET', 'MT', 'PT']);

const blocks = new Map<string, string | null>();

/** The block the library gives for a zone or a link, built once per name. */
function blockOf(name: string): string | null {
  let block = blocks.get(name);
  if (block === undefined) {
    const [found] = [tzlib_get_ical_block(name)].flat();
    block = found?.startsWith('BEGIN:VTIMEZONE') ? `${found}\r\n` : null;
    blocks.set(name, block);
  }
  return block;
}

/** The zone a name stands for: itself for a zone, its target for a link; null when unknown. */
function zoneOf(name: string): string | null {
  return blockOf(name)?.match(/\r\nTZID:([^\r\n]+)\r\n/)?.[1] ?? null;
}

/**
 * The VTIMEZONE block of a zone (ical-generator's timezone generator), only when its TZID is
 * exactly that zone's name; built once per zone, since every invite asks for it.
 */
export function vtimezoneComponent(zone: string): string | null {
  return zoneOf(zone) === zone ? blockOf(zone) : null;
}

function isPrimary(name: string): boolean {
  return name.includes('/') && !name.startsWith('Etc/') && zoneOf(name) === name;
}

/** Whether a calendar can place a meeting in this zone. */
function isPlaceable(zone: string): boolean {
  return isPrimary(zone) && isKnownToIntl(zone);
}

function isKnownToIntl(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Every name the library knows, zones and links, by its lower-cased form. */
const byLowerName = /* @__PURE__ */ builtOnce(
  () =>
    new Map(
      (tzlib_get_timezones() as string[])
        .filter((name) => !shorthands.has(name))
        .map((name) => [name.toLowerCase(), name]),
    ),
);

/**
 * The list computed at bundling (esbuild `define`, infra/lambda-build.ts): finding the primary
 * names means building every name's block, ~0.3 s that the first form page after a cold start
 * would wait for. Undefined where nothing was compiled in (tests, `npm start`).
 */
declare const __TANDEM_TIME_ZONE_NAMES__: string | undefined;
export const bundledTimeZoneNamesDefine = '__TANDEM_TIME_ZONE_NAMES__';

/** Every zone a pairing may use, for the form's list: primary names with a VTIMEZONE. */
export const timeZoneNames = /* @__PURE__ */ builtOnce((): readonly string[] =>
  typeof __TANDEM_TIME_ZONE_NAMES__ === 'string'
    ? (JSON.parse(__TANDEM_TIME_ZONE_NAMES__) as string[])
    : [...byLowerName().values()].filter(isPlaceable).sort(),
);

export type TimeZoneCheck = { ok: true; zone: string } | { ok: false; message: string };

/**
 * The IANA primary name for what a person typed: links mapped to their zone, case fixed.
 * Offsets, `Etc/…` and POSIX-style zones are refused with an example, as are the few zones no
 * VTIMEZONE is known for (a calendar could not place the meeting).
 */
export function canonicalTimeZone(input: string): TimeZoneCheck {
  const typed = input.trim();
  const name = byLowerName().get(typed.toLowerCase());
  const zone = name === undefined ? null : zoneOf(name);
  if (zone && isPlaceable(zone)) return { ok: true, zone };
  if (zone && isPrimary(zone))
    return {
      ok: false,
      message: `${zone} is too new for this server's time zone data; choose a nearby zone with the same time`,
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
