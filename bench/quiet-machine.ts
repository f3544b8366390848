// The emulator's own CPU use, so that cold starts are timed on a quiet machine. DynamoDB Local is
// a JVM: after a burst of requests its JIT compiler keeps a core busy for seconds (measured: a
// full core for 5–10 s after the per-invite section), and a cold start timed then measures the
// compiler, not the function.
//
// Written by hand: two numbers from Linux's /proc/<pid>/stat (utime and stime); a process-usage
// library would read the same file. Elsewhere (no /proc) the figures are null and nothing waits.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Linux's USER_HZ: /proc reports CPU time in ticks of 1/100 s on every architecture Node runs. */
const ticksPerSecond = 100;

/** CPU time (user + system) the process has used, in ms; null without /proc or the process. */
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis don't.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / ticksPerSecond : null;
  } catch {
    return null;
  }
}

/**
 * CPU used from now until `read()`, in ms: by this process, and by the process `pid` (null
 * without /proc or the process).
 */
export function cpuMeter(pid: number | undefined) {
  const otherBefore = processCpuMs(pid);
  const ownBefore = process.cpuUsage();
  return {
    read(): { ownMs: number; otherMs: number | null } {
      const own = process.cpuUsage(ownBefore);
      const otherAfter = processCpuMs(pid);
      return {
        ownMs: (own.user + own.system) / 1000,
        otherMs: otherBefore === null || otherAfter === null ? null : otherAfter - otherBefore,
      };
    },
  };
}

/**
 * Waits until the process uses less than `share` of one core over `windowMs`, or `maxMs` passed.
 * Returns how long it waited (ms) and whether it became quiet.
 */
export async function waitUntilQuiet(
  pid: number | undefined,
  { share = 0.05, windowMs = 1000, maxMs = 60_000 } = {},
): Promise<{ waitedMs: number; quiet: boolean }> {
  const began = Date.now();
  let before = processCpuMs(pid);
  if (before === null) return { waitedMs: 0, quiet: true };
  while (Date.now() - began < maxMs) {
    await sleep(windowMs);
    const after = processCpuMs(pid);
    if (after === null) return { waitedMs: Date.now() - began, quiet: true };
    if (after - before < share * windowMs) return { waitedMs: Date.now() - began, quiet: true };
    before = after;
  }
  return { waitedMs: Date.now() - began, quiet: false };
}
