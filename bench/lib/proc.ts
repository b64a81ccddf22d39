/** CPU time and memory of another process, read from /proc (Linux): the server child under load. */
import fs from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** User + system CPU time of the process so far, in ms (all its threads: the SQLite writer worker too). */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

/** Current and peak resident memory (VmRSS, VmHWM), in MB. */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Resets the peak RSS counter (VmHWM) so that a phase measures its own peak; ignored where not allowed. */
export function resetPeak(pid: number): void {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    /* kernel or permissions do not allow it: the peak then covers the whole life of the process */
  }
}

/**
 * CPU time so far (ms) of the PostgreSQL backends serving `database` on this machine (their command line is
 * "postgres: <cluster>: <user> <database> ..."), or null when none is visible (a remote server). Backends of
 * other databases (other jobs on the machine) are not counted; the server's shared helpers (WAL writer,
 * checkpointer) are not either.
 */
export function backendCpuMs(database: string): number | null {
  let total = 0, seen = 0;
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (!cmd.startsWith('postgres:') || !cmd.split(' ').includes(database)) continue;
      total += cpuMs(Number(name));
      seen++;
    } catch {
      /* the process ended while we looked */
    }
  }
  return seen ? total : null;
}
