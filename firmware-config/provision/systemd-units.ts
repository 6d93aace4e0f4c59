/**
 * systemd units: the hub, the kiosk agent, and the locked-down browser that
 * shows the kiosk screen or the lobby display full screen (Chromium in the
 * cage Wayland kiosk compositor on tty1). Each service runs as an unprivileged
 * user with a read-only system and writes only where it must.
 */
import type { HubAddress } from './hub-address.ts';
import { AGENT_GROUP } from './udev-rules.ts';

export interface InstallPaths {
  /** Where Lobbyline is checked out on the machine (`npm ci` done, which builds dist/node; `npm run build` for the web apps too). */
  appDir: string;
  /** The node binary. */
  node: string;
  cage: string;
  chromium: string;
  /** Configuration files and secrets: site file, agent config, environment files. */
  configDir: string;
}

export const DEFAULT_INSTALL: InstallPaths = {
  appDir: '/opt/lobbyline',
  node: '/usr/bin/node',
  cage: '/usr/bin/cage',
  chromium: '/usr/bin/chromium',
  configDir: '/etc/lobbyline',
};

/** The built programs the units run (`npm ci` builds them, as does `npm run build`; hub/build-node.ts): plain JavaScript, no TypeScript loader. */
export const BUILT_HUB = 'dist/node/hub/main.js';
export const BUILT_KIOSK_AGENT = 'dist/node/kiosk/agent/main.js';

export const UNIT_NAMES = { hub: 'lobbyline-hub.service', kioskAgent: 'lobbyline-kiosk-agent.service', browser: 'lobbyline-browser.service' } as const;

/** The browser user's home on kiosks and screens; Chromium keeps its trusted certificates in .pki/nssdb there. */
export const BROWSER_HOME = '/var/lib/lobbyline-browser';

/** The browser environment file: the address with the device's key, kept out of the world-readable unit. */
export const BROWSER_ENV_FILE = 'browser.env';

const HARDENING = [
  'NoNewPrivileges=yes',
  'ProtectSystem=strict',
  'ProtectHome=yes',
  'PrivateTmp=yes',
  'ProtectKernelTunables=yes',
  'ProtectKernelModules=yes',
  'ProtectControlGroups=yes',
  'RestrictSUIDSGID=yes',
  'LockPersonality=yes',
];

function unit(sections: Record<string, string[]>): string {
  return `${Object.entries(sections)
    .map(([name, lines]) => `[${name}]\n${lines.join('\n')}`)
    .join('\n\n')}\n`;
}

export function hubUnit(paths: InstallPaths, siteFileName: string, hub: HubAddress): string {
  return unit({
    Unit: ['Description=Lobbyline hub (queue, broker, REST API, web apps)', 'After=network-online.target', 'Wants=network-online.target'],
    Service: [
      'Type=simple',
      `User=${AGENT_GROUP}`,
      `Group=${AGENT_GROUP}`,
      `WorkingDirectory=${paths.appDir}`,
      // Optional: LOBBYLINE_API_KEY, the mirror's and webhooks' secrets named in the site file.
      `EnvironmentFile=-${paths.configDir}/hub.env`,
      // Two malloc arenas: the snapshot's large buffers, freed on SQLite's threads, otherwise pile up in per-thread
      // arenas glibc never returns (RSS after a 25,000-visit day 281 → 178 MB, npm run bench -- memory).
      'Environment=MALLOC_ARENA_MAX=2',
      // Every address of the machine: phones reach it at the site file's publicUrl, devices at the hub's name.
      `ExecStart=${paths.node} ${paths.appDir}/${BUILT_HUB} --site ${paths.configDir}/${siteFileName} --data-dir /var/lib/lobbyline --host 0.0.0.0 --http-port ${hub.httpPort} --mqtt-port ${hub.mqttPort}`,
      // Crash-only: the hub exits when its log cannot commit and starts again from the durable log.
      'Restart=always',
      'RestartSec=2',
      'StateDirectory=lobbyline',
      'StateDirectoryMode=0750',
      'ReadWritePaths=/var/lib/lobbyline',
      ...HARDENING,
    ],
    Install: ['WantedBy=multi-user.target'],
  });
}

export function kioskAgentUnit(paths: InstallPaths, deviceId: string): string {
  return unit({
    Unit: [`Description=Lobbyline kiosk agent for ${deviceId} (receipt printer and scanner)`, 'After=network-online.target', 'Wants=network-online.target'],
    Service: [
      'Type=simple',
      `User=${AGENT_GROUP}`,
      `Group=${AGENT_GROUP}`,
      `WorkingDirectory=${paths.appDir}`,
      `ExecStart=${paths.node} ${paths.appDir}/${BUILT_KIOSK_AGENT} --config ${paths.configDir}/kiosk-agent.json`,
      'Restart=always',
      'RestartSec=2',
      // Only the printer and scanner: USB printers, HID scanners and serial ports.
      'DevicePolicy=closed',
      'DeviceAllow=char-usb rw',
      'DeviceAllow=char-hidraw rw',
      'DeviceAllow=char-ttyUSB rw',
      'DeviceAllow=char-ttyACM rw',
      ...HARDENING,
    ],
    Install: ['WantedBy=multi-user.target'],
  });
}

export function browserUnit(paths: InstallPaths, deviceId: string): string {
  return unit({
    Unit: [
      `Description=Lobbyline full-screen browser for ${deviceId}`,
      'After=systemd-user-sessions.service network-online.target',
      'Wants=network-online.target',
      // It takes tty1 for itself: no login prompt on the screen.
      'Conflicts=getty@tty1.service',
    ],
    Service: [
      'Type=simple',
      'User=lobbyline-browser',
      'PAMName=login',
      'TTYPath=/dev/tty1',
      'StandardInput=tty-fail',
      'StandardOutput=journal',
      'UtmpIdentifier=tty1',
      'UtmpMode=user',
      `EnvironmentFile=${paths.configDir}/${BROWSER_ENV_FILE}`,
      'RuntimeDirectory=lobbyline-browser',
      // A home ProtectHome leaves visible, for Chromium's certificate store: where the site CA goes when the hub speaks TLS (README "TLS").
      `Environment=HOME=${BROWSER_HOME}`,
      'StateDirectory=lobbyline-browser',
      // Incognito with a throw-away profile: nothing a visitor does survives a restart.
      `ExecStart=${paths.cage} -s -- ${paths.chromium} --kiosk --noerrdialogs --disable-translate --incognito --no-first-run --disable-infobars --disable-session-crashed-bubble --disable-features=Translate --overscroll-history-navigation=0 --disable-pinch --autoplay-policy=no-user-gesture-required --user-data-dir=/run/lobbyline-browser \${LOBBYLINE_BROWSER_URL}`,
      'Restart=always',
      'RestartSec=2',
      ...HARDENING,
    ],
    Install: ['WantedBy=graphical.target'],
  });
}
