/**
 * What needs attention (offline devices, kiosks that cannot print, TVs that
 * cannot make sound, the contact-center link, failing webhooks) with how long it has been so,
 * and every device's latest status.
 */
import type { DeskAlerts, DeskDevice, DeskProblem, DeviceRef, PhonesJoinAt } from '../../../../contract/desk.ts';
import { WAIT_API_PATH } from '../../../../contract/wait.ts';
import { since } from '../format.ts';
import { messages } from '../messages.ts';

interface Props {
  alerts: DeskAlerts | null;
  now: number;
  /** Kiosks whose scanner setup bar codes the desk can print. */
  scannerSetupKiosks: readonly string[];
  onPrintScannerSetup: (kioskId: string) => void;
  phonesJoinAt: PhonesJoinAt;
}

export function AlertsScreen({ alerts, now, scannerSetupKiosks, onPrintScannerSetup, phonesJoinAt }: Props) {
  const m = messages.alerts;
  return (
    <section class="screen alerts" tabIndex={0} aria-labelledby="alerts-title">
      <h1 id="alerts-title">{m.title}</h1>
      <h2>{m.problems}</h2>
      {!phonesJoinAt.reachable && <p class="problem problem-error">{m.phonesCannotReach}</p>}
      {alerts && alerts.problems.length === 0 && phonesJoinAt.reachable && <p class="all-well">{m.none}</p>}
      {alerts && alerts.problems.length > 0 && (
        <ul class="problems">
          {alerts.problems.map((problem, i) => (
            <li key={i} class={`problem problem-${severity(problem)}`}>
              <span class="problem-text">{problemText(problem)}</span>
              <span class="problem-since">{m.forDuration(since(problem.since, now))}</span>
            </li>
          ))}
        </ul>
      )}
      <h2>{m.phones}</h2>
      <p class="phones-join-at">
        {m.phonesJoinAt} <a href={phonesJoinAt.url}>{phonesJoinAt.url}</a> · <a href={`${WAIT_API_PATH}/join-qr.png`}>{m.posterQr}</a>
      </p>
      <h2>{m.devices}</h2>
      {alerts && alerts.devices.length === 0 && <p>{m.noDevices}</p>}
      {alerts && alerts.devices.length > 0 && (
        <table class="devices">
          <thead>
            <tr>
              <th scope="col">{m.device}</th>
              <th scope="col">{m.role}</th>
              <th scope="col">{m.state}</th>
              <th scope="col">{m.since}</th>
              <th scope="col">{m.printer}</th>
              <th scope="col">{m.sound}</th>
              <th scope="col">
                <span class="visually-hidden">{m.deviceActions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {alerts.devices.map((device) => (
              <DeviceRow
                key={device.deviceId}
                device={device}
                now={now}
                {...(scannerSetupKiosks.includes(device.deviceId) && { onPrintScannerSetup: () => onPrintScannerSetup(device.deviceId) })}
              />
            ))}
            {alerts.mirror && (
              <tr>
                <td>{m.mirror}</td>
                <td>{m.roles.mirror}</td>
                <td>
                  <span class={`state state-${alerts.mirror.connected ? 'on' : 'off'}`}>{alerts.mirror.connected ? m.mirrorUp : m.mirrorDown}</span>
                </td>
                <td>{since(alerts.mirror.since, now)}</td>
                <td />
                <td />
                <td />
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DeviceRow({ device, now, onPrintScannerSetup }: { device: DeskDevice; now: number; onPrintScannerSetup?: () => void }) {
  const m = messages.alerts;
  const state = device.inBrowser !== null ? m.inBrowser(device.inBrowser) : device.online === null ? m.neverSeen : device.online ? m.online : m.offline;
  return (
    <tr>
      <td>{deviceLabel(device)}</td>
      <td>{m.roles[device.role] ?? device.role}</td>
      <td>
        <span class={`state state-${device.online === null ? 'unknown' : device.online ? 'on' : 'off'}`}>{state}</span>
      </td>
      <td>{device.at ? since(device.at, now) : ''}</td>
      <td>{device.printer ? m.printerStates[device.printer] : ''}</td>
      <td>{device.sound ?? ''}</td>
      <td>
        {onPrintScannerSetup && (
          <button type="button" onClick={onPrintScannerSetup}>
            {m.printScannerSetup}
          </button>
        )}
      </td>
    </tr>
  );
}

export function deviceLabel(device: DeviceRef): string {
  return device.name ? `${device.name} (${device.deviceId})` : device.deviceId;
}

function severity(problem: DeskProblem): 'error' | 'warning' {
  return problem.kind === 'sound' ? 'warning' : 'error';
}

export function problemText(problem: DeskProblem): string {
  const p = messages.alerts.problem;
  switch (problem.kind) {
    case 'device-offline':
      return p.deviceOffline(deviceLabel(problem.device));
    case 'printer':
      return p.printer(deviceLabel(problem.device), problem.state, problem.message);
    case 'sound':
      return p.sound(deviceLabel(problem.device), problem.state);
    case 'mirror-offline':
      return p.mirrorOffline(problem.backlog);
    case 'webhook-failing':
      return p.webhookFailing(problem.webhookId, problem.backlog, problem.attempts, problem.lastError);
    case 'sms-offline':
      return p.smsOffline;
    case 'sms-failing':
      return p.smsFailing(problem.failedLastHour);
  }
}
