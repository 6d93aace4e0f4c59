/** The desk's view of the floor, made from the committed state: every line in call order and every counter. */
import { entryView, publicServiceState, type Entry, type QueueConfig, type QueueState } from '../queue/index.ts';
import { DEFAULT_REMOTE_WAIT } from '../queue/model.ts';
import { visitContext } from '../queue/views.ts';
import { undoWindowMs } from '../queue/commands/undo.ts';
import type { DeskBoard, DeskEntry, DeskSite, PhonesJoinAt } from '../contract/desk.ts';
import { canPrintScannerSetup } from '../devices/scanner-setup-jobs.ts';
import type { DeviceConfig } from '../site/config.ts';

export function deskBoard(state: QueueState, config: QueueConfig, now: number): DeskBoard {
  return {
    seq: state.seq,
    at: new Date(now).toISOString(),
    services: config.services.map((service) => {
      const summary = publicServiceState(state, config, service.id, now);
      return {
        serviceId: service.id,
        waiting: (state.lines[service.id] ?? []).map((entryId) => deskEntry(state, config, state.entries[entryId]!)),
        openCounters: summary.openCounters,
        estimate: summary.estimate,
        noCounterOpen: summary.noCounterOpen,
      };
    }),
    counters: config.counters.map((counter) => {
      const live = state.counters[counter.id]!;
      const current = live.currentEntryId ? state.entries[live.currentEntryId] : undefined;
      return {
        counterId: counter.id,
        name: counter.name,
        ...(counter.names && { names: counter.names }),
        status: live.status,
        serviceIds: counter.serviceIds,
        current: current ? deskEntry(state, config, current) : null,
      };
    }),
  };
}

/** One entry as the desk shows it, wherever it is (line, counter, look-up). */
export function deskEntry(state: QueueState, config: QueueConfig, entry: Entry): DeskEntry {
  return {
    ...entryView(state, config, entry),
    ...visitContext(entry),
    // An on-time appointment and a voicemail wait from their booked time and from when the message was left.
    waitingSince: new Date(entry.appointment || entry.voicemailLeftAt != null ? entry.queuedAt : entry.enrolledAt).toISOString(),
    appointmentAt: entry.appointment ? new Date(entry.appointment.start).toISOString() : null,
    graceEndsAt: graceEndOf(config, entry),
  };
}

function graceEndOf(config: QueueConfig, entry: Entry): string | null {
  if (entry.channel !== 'remote' || entry.status !== 'called' || entry.calledAt === null) return null;
  const minutes = (config.remoteWait ?? DEFAULT_REMOTE_WAIT).noShowGraceMinutes;
  return new Date(entry.calledAt + minutes * 60_000).toISOString();
}

export function deskSite(config: QueueConfig, site: { name: string; languages: string[]; devices: readonly DeviceConfig[] }, phonesJoinAt: PhonesJoinAt): DeskSite {
  return {
    phonesJoinAt,
    siteId: config.siteId,
    name: site.name,
    languages: site.languages,
    timeZone: config.timezone,
    services: config.services.map((s) => ({ serviceId: s.id, name: s.name, prefix: s.prefix })),
    counters: config.counters.map((c) => ({ counterId: c.id, name: c.name, ...(c.names && { names: c.names }), serviceIds: c.serviceIds })),
    kiosks: site.devices
      .filter((d) => d.role === 'kiosk')
      .map((d) => ({ deviceId: d.id, name: d.name ?? d.id, scannerSetup: canPrintScannerSetup(d) })),
    undoMinutes: undoWindowMs(config) / 60_000,
  };
}
