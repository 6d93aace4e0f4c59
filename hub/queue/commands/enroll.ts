import { because, type CommandPayload } from '../../contract/index.ts';
import { formatTicket, localDay, nextTicketNumber } from '../tickets.ts';
import { DEFAULT_REMOTE_WAIT } from '../model.ts';
import { accept, findService, indexByArrival, lineOf, reject, serviceNamed, type Decision, type DecideContext } from './common.ts';

/** A voicemail's time may run ahead of the hub's clock by this much (another system's clock); later is refused. */
const VOICEMAIL_CLOCK_SKEW_MS = 5 * 60_000;

/** A person joins a line (kiosk, remote, phone or desk) and gets the next ticket of the day. */
export function enroll(ctx: DecideContext, command: CommandPayload<'enroll'>): Decision {
  if (command.requestId) {
    // The same request again (a double tap, a retry after a lost reply) gets the same entry.
    const existing = ctx.state.requestIds[command.requestId];
    if (existing) return accept([], { entryId: existing });
  }
  const service = findService(ctx, command.serviceId);
  if (!service.ok) return service;
  const line = lineOf(ctx.state, service.value.id);
  if (line.length >= service.value.maxWaiting) {
    return reject('line_full', `The line for ${service.value.name.en ?? service.value.id} is full (${line.length} waiting); please ask at the desk`, because('line.full', { service: serviceNamed(service.value), waiting: line.length }));
  }
  if (command.channel === 'remote') {
    const cap = (ctx.config.remoteWait ?? DEFAULT_REMOTE_WAIT).maxRemotePerService;
    const remote = line.filter((id) => ctx.state.entries[id]!.channel === 'remote').length;
    if (remote >= cap) {
      return reject('line_full', `${service.value.name.en ?? service.value.id} has as many people waiting remotely as it can take (${cap}); please come in and use the kiosk`, because('line.remote_full', { service: serviceNamed(service.value), limit: cap }));
    }
  }
  if (command.callback && command.channel !== 'phone') {
    return reject('invalid_request', 'Only a phone caller can choose when to be called back');
  }
  if ((command.leftAt !== undefined) !== (command.via === 'voicemail')) {
    return reject('invalid_request', 'leftAt goes with via "voicemail", and a voicemail needs the time it was left');
  }
  const leftAt = command.leftAt ? Date.parse(command.leftAt) : null;
  if (leftAt !== null && leftAt > ctx.now + VOICEMAIL_CLOCK_SKEW_MS) {
    return reject('invalid_request', `The voicemail's leftAt (${command.leftAt}) is in the future`);
  }
  const day = localDay(ctx.now, ctx.config.timezone);
  const ticketNumber = nextTicketNumber(ctx.state, service.value.id, day);
  const entryId = ctx.newId();
  return accept(
    [
      {
        type: 'entry.enrolled',
        entryId,
        serviceId: service.value.id,
        channel: command.channel,
        priority: command.priority ?? 0,
        language: command.language ?? 'en',
        phone: command.phone ?? null,
        requestId: command.requestId ?? null,
        reference: command.reference ?? null,
        reason: command.reason ?? null,
        note: command.note ?? null,
        via: command.via ?? null,
        voicemailLeftAt: leftAt,
        callbackWindow: command.callback ? { notBefore: parseTime(command.callback.notBefore), notAfter: parseTime(command.callback.notAfter) } : null,
        day,
        ticketNumber,
        ticket: formatTicket(service.value.prefix, ticketNumber),
        // A voicemail waits from when it was left, so it goes before everyone who joined since; its event is the newest.
        index: leftAt === null ? line.length : indexByArrival(ctx.state, service.value.id, { queuedAt: leftAt, arrivalSeq: Number.POSITIVE_INFINITY }),
      },
    ],
    { entryId },
  );
}

function parseTime(iso: string | undefined): number | null {
  return iso ? Date.parse(iso) : null;
}
