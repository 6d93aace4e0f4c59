/**
 * CPU time of another process over a stretch of a benchmark, in nanoseconds, from each of its threads'
 * /proc schedstat (run time on a CPU): unlike /proc/{pid}/stat's 10 ms ticks, fine enough to split
 * between a few hundred rounds of a millisecond. Threads that end within the stretch are not counted;
 * the processes measured here (the hub, Mosquitto) keep theirs.
 */
import { readdir, readFile } from 'node:fs/promises';

export async function processCpuNs(pid: number): Promise<number> {
  let total = 0;
  for (const task of await readdir(`/proc/${pid}/task`)) {
    const schedstat = await readFile(`/proc/${pid}/task/${task}/schedstat`, 'utf8').catch(() => '0');
    total += Number(schedstat.split(' ')[0]);
  }
  return total;
}
