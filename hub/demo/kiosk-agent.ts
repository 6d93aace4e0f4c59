/** The demo's kiosk agent, with its virtual printer and scanner, in the hub's terminal. */
import { spawn, type ChildProcess } from 'node:child_process';
import { statusPath } from '../contract/wait.ts';
import { programCommand } from './programs.ts';

/** What this hub's ticket QR codes start with, whatever its port or public address: the demo kiosk's scanner knows them by it. */
function ticketUrlPrefix(publicUrl: string): string {
  return `${publicUrl}${statusPath('')}`.replace(/#$/, '');
}

export function startDemoKioskAgent(mqttUrl: string, publicUrl: string): ChildProcess {
  const command = programCommand('kiosk/agent/main.js', new URL('../../kiosk/agent/main.ts', import.meta.url));
  const agent = spawn(process.execPath, [...command, '--mqtt-url', mqttUrl, '--ticket-url-prefix', ticketUrlPrefix(publicUrl)], {
    // The IPC channel lets the agent notice if the hub dies without stopping it.
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  agent.on('exit', (code, signal) => {
    if (code !== 0 && signal === null) console.error(`The demo kiosk agent stopped (exit code ${code}); the hub keeps running.`);
  });
  return agent;
}
