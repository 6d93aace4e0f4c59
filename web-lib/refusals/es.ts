/**
 * Refusals in Spanish (Latin American, formal "usted"), in the desk's words for
 * its actions; the front desk is "el mostrador", a counter "la ventanilla".
 */
import type { EntryStatus } from '../../hub/contract/commands.ts';
import type { EntryLabel, PhoneProblem, RefusedAction } from '../../hub/contract/refusals.ts';
import type { RefusalCatalog } from './catalog.ts';

const who = (entry: EntryLabel) => ('ticket' in entry ? entry.ticket : `la cita ${entry.appointment}`);
const plural = (count: number, one: string, many: string) => (count === 1 ? `1 ${one}` : `${count} ${many}`);

/** "No se puede …": the action with the entry in it. */
const actions: Record<RefusedAction, (entry: string) => string> = {
  call: (e) => `llamar a ${e}`,
  recall: (e) => `volver a llamar a ${e}`,
  'start-serving': (e) => `comenzar a atender a ${e}`,
  complete: (e) => `finalizar la atención de ${e}`,
  'no-show': (e) => `marcar que ${e} no se presentó`,
  cancel: (e) => `retirar ${e} de la fila`,
  move: (e) => `mover ${e}`,
  transfer: (e) => `transferir ${e}`,
  requeue: (e) => `regresar ${e} a la fila`,
  'on-my-way': (e) => `avisar que ${e} va en camino`,
  'more-time': (e) => `dar más tiempo a ${e}`,
  'change-channel': (e) => `cambiar el canal de ${e}`,
  reprint: (e) => `reimprimir el turno de ${e}`,
  undo: (e) => `deshacer lo último hecho con ${e}`,
  'callback-result': (e) => `registrar el resultado de la llamada a ${e}`,
  arrived: (e) => `marcar que ${e} ya está en el edificio`,
  'add-note': (e) => `añadir una nota a ${e}`,
};

/** "…: ya …", what the entry is doing instead. */
const statuses: Record<EntryStatus, string> = {
  booked: 'es una cita que aún no se ha registrado',
  waiting: 'está en espera',
  called: 'ya fue llamado',
  serving: 'ya está en atención',
  done: 'ya fue atendido',
  no_show: 'no se presentó',
  cancelled: 'fue retirado de la fila',
};

const appointmentStatuses: Record<EntryStatus, string> = {
  booked: 'está reservada',
  waiting: 'ya está registrada',
  called: 'ya fue llamada',
  serving: 'ya está en atención',
  done: 'ya fue atendida',
  no_show: 'no se presentó',
  cancelled: 'fue cancelada',
};

const counterStatuses = { open: 'abierta', paused: 'en pausa', closed: 'cerrada' } as const;

const phone: Record<PhoneProblem, string> = {
  empty: 'Escriba un número de celular.',
  'not-a-number': 'Eso no es un número de teléfono. Escriba los dígitos de un celular.',
  'too-short': 'Ese número es demasiado corto. Incluya el código de área.',
  'too-long': 'Ese número tiene demasiados dígitos.',
  'invalid-length': 'Ese número no tiene la cantidad de dígitos correcta.',
  'invalid-country': 'Ese código de país no se reconoce. Empiece un número internacional con + y el código del país.',
  invalid: 'Ese número de teléfono no es válido. Revise los dígitos.',
  landline: 'Parece un número fijo. Los mensajes necesitan un número de celular.',
  'toll-free': 'Es un número gratuito, que no recibe mensajes. Indique un número de celular.',
  'premium-rate': 'Es un número de tarifa especial, que no recibe mensajes. Indique un número de celular.',
  'shared-cost': 'Es un número de costo compartido, que no recibe mensajes. Indique un número de celular.',
  switchboard: 'Es el conmutador de una empresa, que no recibe mensajes. Indique un número de celular.',
  voicemail: 'Es un número de buzón de voz, que no recibe mensajes. Indique un número de celular.',
  pager: 'Es un número de localizador, que no recibe mensajes. Indique un número de celular.',
};

const sessionEnded = {
  'signed-out': 'Usted cerró la sesión. Inicie sesión para continuar.',
  idle: 'Se cerró su sesión tras un período sin actividad. Inicie sesión para continuar.',
  expired: 'Su sesión llegó a su límite de tiempo. Inicie sesión para continuar.',
  unknown: 'Inicie sesión con su cuenta de personal para usar el panel.',
  disabled: 'Un supervisor desactivó su cuenta, por eso se cerró su sesión.',
  'password-changed': 'Su contraseña cambió, por eso se cerró su sesión aquí. Inicie sesión con la nueva.',
};

export const es: RefusalCatalog = {
  reasons: {
    'entry.not_found': () => 'No se encontró esa visita',
    'service.not_found': (p) => `Aquí no hay un servicio '${p.serviceId}'`,
    'counter.not_found': (p) => `Aquí no hay una ventanilla '${p.counterId}'`,
    'entry.wrong_status': (p, name) => {
      const start = `No se puede ${actions[p.action](who(p.entry))}:`;
      if (!p.counter) return `${start} ${statuses[p.status]}`;
      const where = p.status === 'called' ? `ya fue llamado a ${name(p.counter)}` : `ya está en atención en ${name(p.counter)}`;
      return `${start} ${where}${p.by ? ` (por ${p.by})` : ''}`;
    },
    'entry.already_last': (p) => `${p.ticket} ya está al final de la fila`,
    'entry.more_time_used': (p) =>
      `${p.ticket} ya recibió más tiempo ${p.times === 1 ? 'una vez' : `${p.times} veces`}; pregunte en el mostrador`,
    'entry.needs_phone': (p) => `Hace falta un número de teléfono para devolver la llamada a ${who(p.entry)}`,
    'entry.already_in_line': (p, name) => `${p.ticket} ya está en la fila de ${name(p.service)}`,
    'entry.undo_too_late': (p) =>
      `Ya es tarde para deshacer ${{ done: 'la finalización', no_show: 'la marca de no presentado', cancelled: 'el retiro' }[p.undid]} de ${who(p.entry)}: fue hace ${plural(p.minutesAgo, 'minuto', 'minutos')} y solo se puede deshacer durante ${plural(p.windowMinutes, 'minuto', 'minutos')}. Agréguelo de nuevo a la fila.`,
    'entry.place_out_of_range': (p) => `No se puede mover ${p.ticket} al lugar ${p.place}: la fila tiene ${p.length === 1 ? '1 persona' : `${p.length} personas`}`,
    'counter.not_open': (p, name) => `${name(p.counter)} está ${counterStatuses[p.status]}: ábrala antes de llamar`,
    'counter.still_calling': (p, name) =>
      `${name(p.counter)} todavía está llamando a ${who(p.entry)}: comience la atención, vuelva a llamar o marque que no se presentó`,
    'counter.still_busy': (p, name) =>
      `${name(p.counter)} todavía tiene a ${who(p.entry)}: finalice, transfiera o marque que no se presentó antes de cerrar`,
    'counter.does_not_serve': (p, name) => `${name(p.counter)} no atiende ${name(p.service)}: transfiera ${p.ticket} primero`,
    'counter.nobody_waiting': (p, name) => `Nadie está esperando para ${name(p.counter)}`,
    'callback.not_open': (p) =>
      p.attempt === null
        ? `${who(p.entry)} no está esperando una llamada de vuelta`
        : `El intento de llamada ${p.attempt} a ${who(p.entry)} no es el que está en curso`,
    'callback.claimed': (p) => `${p.agentName} está devolviendo la llamada a esta persona`,
    'callback.not_claimed': () => 'Tome esta llamada antes de registrar cómo fue',
    'callback.not_due': () => 'Esta llamada ya no está pendiente',
    'line.full': (p, name) => `La fila de ${name(p.service)} está llena (${p.waiting} en espera); pregunte en el mostrador`,
    'line.remote_full': (p, name) =>
      `${name(p.service)} ya tiene a todas las personas que puede atender a distancia (${p.limit}); venga y use el quiosco`,
    'appointment.already_booked': (p) => `Ya hay una cita reservada con la referencia ${p.reference}`,
    'appointment.not_found': (p) => `No hay ninguna cita con la referencia ${p.reference}`,
    'appointment.wrong_status': (p) => `La cita ${p.reference} ${appointmentStatuses[p.status]}`,
    'appointment.not_today': (p) => `La cita ${p.reference} es para el ${p.day}, no para hoy`,
    'appointment.no_ticket': (p) => `La cita ${p.reference} aún no tiene turno que imprimir: registre su llegada primero`,
    'ticket.not_found': (p) => `No hay ningún turno ${p.ticket} en espera o llamado`,
    'ticket.ambiguous': (p) => `Hay más de un turno ${p.ticket} en espera: reimprímalo desde el mostrador`,
    'join.too_many': (p) =>
      `Se está uniendo demasiada gente ${p.scope === 'device' ? 'desde este dispositivo' : 'ahora'}. Inténtelo de nuevo en ${p.minutes} min o regístrese en el quiosco.`,
    'phone.invalid': (p) => phone[p.problem],
    'session.ended': (p) => sessionEnded[p.why],
    'staff.credentials_missing': () => 'Ingrese su ID de personal y su contraseña',
    'staff.wrong_password': (p) =>
      `ID de personal o contraseña incorrectos. ${p.triesLeft === 1 ? 'Queda 1 intento' : `Quedan ${p.triesLeft} intentos`} antes de que el acceso de este ID se bloquee durante ${plural(p.lockMinutes, 'minuto', 'minutos')}.`,
    'staff.locked': (p) =>
      `Demasiadas contraseñas incorrectas: el acceso de este ID está bloqueado. Inténtelo de nuevo en ${plural(p.minutes, 'minuto', 'minutos')}.`,
    'sign_in.too_many': (p) =>
      `Demasiados intentos fallidos desde esta dirección. Inténtelo de nuevo en ${plural(p.seconds, 'segundo', 'segundos')}.`,
    'visit.not_found': () => 'No hay nadie en la fila con ese número de teléfono',
    'visit.several': () => 'Hay más de una visita en la fila con ese número de teléfono: pregunte en el mostrador',
    'lookup.too_many': (p) => `Se probaron demasiados números en este quiosco. Inténtelo de nuevo en ${p.minutes} min o pregunte en el mostrador.`,
    'lookup.unreadable': () => 'Escriba un turno (como L-004) o un número de teléfono',
    'hub.restarting': () => 'El servidor no puede guardar cambios ahora; se está reiniciando',
    'hub.not_stored': () => 'No se pudo guardar el cambio, así que no se cambió nada; inténtelo de nuevo',
  },
  codes: {
    invalid_request: 'La solicitud no es válida',
    unauthorized: 'Inicie sesión primero',
    forbidden: 'No tiene permiso para hacer eso',
    not_found: 'No se encontró',
    conflict: 'Choca con algo que ya existe',
    invalid_state: 'Eso no es posible en este momento',
    too_large: 'La solicitud es demasiado grande',
    line_full: 'La fila está llena',
    rate_limited: 'Demasiados intentos: espere un momento',
    unavailable: 'El servidor no está disponible ahora; inténtelo de nuevo',
  },
};
