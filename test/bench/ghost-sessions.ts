/**
 * The "ghost sessions" attack against a real hub process: 3,000 anonymous
 * clients ask for persistent sessions on public/# at QoS 1 and leave,
 * then the line keeps changing (each change is a public publish that an
 * accepted ghost would have queued). The hub's resident memory after the storm
 * is printed against its own figure before it, measured in the same run.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { siteTopics } from '../../hub/contract/index.ts';
import type { HubProcess } from '../helpers/hub-process.ts';
import { startProductionHub } from './production-hub.ts';
import { tryConnect } from '../helpers/mqtt.ts';

const GHOSTS = 3_000;
const CONCURRENCY = 100;
const LINE_CHANGES = 300;

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function changeTheLine(hub: HubProcess, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const enrolled = await hub.api('POST', '/entries', { serviceId: i % 2 ? 'lab' : 'xray', channel: 'kiosk' });
    if (enrolled.status !== 201) throw new Error(enrolled.body.error.message);
  }
}

export async function benchGhostSessions(): Promise<string[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-bench-ghosts-'));
  const hub = await startProductionHub(dataDir);
  const pid = hub.child.pid!;
  const publicAll = siteTopics('demo-clinic').publicAll;
  try {
    // Warm up the same paths first, so the baseline is not just a cold process.
    await changeTheLine(hub, LINE_CHANGES);
    const before = await rssMb(pid);

    let accepted = 0;
    for (let start = 0; start < GHOSTS; start += CONCURRENCY) {
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, GHOSTS - start) }, async (_, i) => {
          const outcome = await tryConnect(hub.mqttUrl, { clientId: `ghost-${start + i}`, clean: false });
          if (!outcome.ok) return;
          accepted++;
          await outcome.client.subscribeAsync(publicAll, { qos: 1 });
          await outcome.client.endAsync(true);
        }),
      );
    }
    await changeTheLine(hub, LINE_CHANGES);
    const after = await rssMb(pid);
    return [
      `${GHOSTS} anonymous clean=false sessions asked for, ${accepted} accepted; then ${LINE_CHANGES} line changes`,
      `hub RSS ${before.toFixed(0)} MB before, ${after.toFixed(0)} MB after: ×${(after / before).toFixed(2)}`,
    ];
  } finally {
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
