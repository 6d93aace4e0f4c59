/** Every word the desk shows, in Spanish (Latin American, formal "usted"). */
import type { Channel, CounterStatus, PrinterState } from '../../../contract/index.ts';
import type { ActivityWords, Messages } from './messages.ts';

const printerStates: Record<PrinterState, string> = {
  online: 'lista',
  'paper-low': 'queda poco papel',
  'paper-out': 'no tiene papel',
  'cover-open': 'la tapa está abierta',
  offline: 'la impresora está sin conexión',
};
const languageNames = new Intl.DisplayNames(['es'], { type: 'language', fallback: 'code' });

export const es: Messages = {
  appName: 'Lobbyline: panel del personal',
  signIn: {
    title: 'Acceso del personal',
    intro: 'Inicie sesión con su propia cuenta de personal.',
    staffId: 'ID de personal',
    password: 'Contraseña',
    submit: 'Iniciar sesión',
    busy: 'Iniciando sesión…',
    missing: 'Ingrese su ID de personal y su contraseña.',
  },
  signOut: 'Cerrar sesión',
  sessionEnded: {
    'signed-out': 'Usted cerró la sesión.',
    idle: 'Se cerró su sesión tras un período sin actividad. Inicie sesión para continuar.',
    expired: 'Su sesión llegó a su límite de tiempo. Inicie sesión para continuar.',
    unknown: 'Su sesión terminó. Inicie sesión para continuar.',
  } as Record<'signed-out' | 'idle' | 'expired' | 'unknown', string>,
  signedInAs: (name: string) => `Sesión iniciada como ${name}`,
  nav: { label: 'Panel', line: 'Fila', activity: 'Actividad', alerts: 'Alertas', reports: 'Reportes', staff: 'Cuentas del personal' },
  alertsBadge: (count: number) => (count === 1 ? '1 alerta' : `${count} alertas`),
  live: { live: 'En vivo', connecting: 'Conectando…', reconnecting: 'Reconectando…' } as Record<'live' | 'connecting' | 'reconnecting', string>,
  counter: {
    label: 'Ventanilla',
    pickTitle: 'Elija su ventanilla',
    pickIntro: 'El panel muestra las filas que atiende esta ventanilla.',
    serves: (services: string) => `Atiende: ${services}`,
    statusLabel: 'Estado de la ventanilla',
    status: { open: 'Abierta', paused: 'En pausa', closed: 'Cerrada' } as Record<CounterStatus, string>,
    statusChanged: (counter: string, status: CounterStatus) =>
      status === 'open'
        ? `${counter} está abierta`
        : status === 'paused'
          ? `${counter} está en pausa: no se llama a nadie más`
          : `${counter} está cerrada`,
  },
  atCounter: {
    title: (counter: string) => `En ${counter}`,
    nobody: 'No hay nadie llamado aquí en este momento.',
    notOpen: (status: string) => `Esta ventanilla está ${status.toLowerCase()}: ábrala para llamar a las personas.`,
    called: (ago: string) => `Llamado hace ${ago}`,
    withContactCenter: (ago: string) => `El centro de contacto le está devolviendo la llamada a esta persona (lo pidió hace ${ago})`,
    serving: (ago: string) => `En atención desde hace ${ago}`,
    graceUntil: (time: string) => `· espera a distancia: tiene hasta ${time} para llegar`,
    graceOver: '· espera a distancia: se acabó su tiempo para llegar; ya se puede marcar que no se presentó',
  },
  actions: {
    callNext: 'Llamar al siguiente',
    recall: 'Volver a llamar',
    start: 'Comenzar atención',
    done: 'Finalizar',
    noShow: 'No se presentó',
    requeue: 'Regresar a la fila',
    undo: 'Deshacer',
    undoThis: (ticket: string) => `Deshacer para ${ticket}`,
    transfer: 'Transferir…',
    callThis: 'Llamar ahora',
    up: 'Subir',
    down: 'Bajar',
    top: 'Al principio',
    cancel: 'Cancelar turno…',
    reprint: 'Reimprimir turno…',
  },
  results: {
    called: (ticket: string, counter: string) => `${ticket} llamado a ${counter}`,
    recalled: (ticket: string) => `Se volvió a llamar a ${ticket}`,
    started: (ticket: string) => `Atendiendo a ${ticket}`,
    done: (ticket: string) => `Atención de ${ticket} finalizada`,
    noShow: (ticket: string) => `${ticket} marcado como «no se presentó»`,
    requeued: (ticket: string, place: number | null) => `${ticket} regresó a la fila${place ? ` en el lugar ${place}` : ''}`,
    moved: (ticket: string, place: number | null) => `${ticket} pasó al lugar ${place ?? '?'}`,
    transferred: (ticket: string, service: string) => `${ticket} transferido a ${service}`,
    cancelled: (ticket: string) => `${ticket} retirado de la fila`,
    reprinted: (ticket: string, kiosk: string) => `${ticket} se está imprimiendo de nuevo en ${kiosk}`,
    added: (ticket: string, service: string, place: number | null) => `${ticket} agregado a ${service}${place ? `, lugar ${place}` : ''}`,
    nobodyAtCounter: (counter: string) => `No hay nadie llamado a ${counter} en este momento.`,
    selectFirst: 'Primero seleccione a alguien en la fila (↑ ↓ o un toque).',
    unreachable: 'El servidor no respondió. Revise la fila antes de volver a intentarlo: puede que el cambio se haya hecho o no.',
    dismiss: 'Cerrar',
    undone: (ticket: string, status: string, place: number | null) =>
      status === 'serving'
        ? `Se atiende de nuevo a ${ticket}`
        : status === 'booked'
          ? 'La cita está reservada de nuevo'
          : `${ticket} regresó a la fila${place ? ` en el lugar ${place}` : ''}`,
    nothingToUndo: 'No hay nada que deshacer: una ausencia, una finalización o un retiro se puede deshacer desde Actividad durante unos minutos.',
  },
  line: {
    waitingCount: (n: number) => (n === 1 ? '1 en espera' : `${n} en espera`),
    newcomerWait: (low: number, high: number) => `quien llega ahora espera ${low}–${high} min`,
    empty: 'No hay nadie en espera.',
    place: 'Lugar',
    waited: (duration: string) => `en espera desde hace ${duration}`,
    priority: (n: number) => `Prioridad ${n}`,
    phoneOnFile: 'Teléfono registrado',
    appointment: (time: string) => `Cita ${time}`,
    onTheWay: (time: string) => `En camino desde ${time}`,
    moreTime: (times: number) => (times === 1 ? 'Pidió más tiempo' : `Pidió más tiempo ${times} veces`),
    history: (channels: string) => `Antes: ${channels}`,
    dragHint: 'Arrastre el control para reordenar o use Alt+↑ y Alt+↓.',
  },
  selected: {
    label: 'Persona seleccionada',
    none: 'Seleccione a alguien en la fila para llamarlo ahora, moverlo o transferirlo.',
    summary: (ticket: string, place: number | null) => `${ticket}${place ? ` · lugar ${place}` : ''}`,
  },
  channels: { kiosk: 'Quiosco', remote: 'A distancia', phone: 'Teléfono', desk: 'Ventanilla' } as Record<Channel, string>,
  languageName: (code: string) => languageNames.of(code) ?? code,
  transfer: {
    title: (ticket: string) => `Transferir ${ticket}`,
    to: '¿A qué fila?',
    keepPlace: 'Conservar su lugar (según su hora de llegada)',
    submit: 'Transferir',
    close: 'Cerrar',
  },
  reprint: {
    title: (ticket: string) => `Reimprimir ${ticket}`,
    at: 'Imprimir en',
    noKiosk: 'Esta sede no tiene un quiosco donde imprimir.',
    submit: 'Imprimir',
    close: 'Cerrar',
  },
  cancel: {
    title: (ticket: string) => `¿Retirar ${ticket} de la fila?`,
    body: 'Necesitará un turno nuevo para volver.',
    confirm: 'Retirar de la fila',
    keep: 'Dejar en la fila',
  },
  walkIn: {
    title: 'Agregar a una persona sin cita',
    service: 'Servicio',
    language: 'Idioma',
    priority: 'Prioridad (pasa adelante según las reglas de prioridad)',
    submit: 'Agregar a la fila',
  },
  shortcuts: {
    title: 'Teclado',
    list: [
      ['N', 'Llamar al siguiente'],
      ['R', 'Volver a llamar'],
      ['S', 'Comenzar atención'],
      ['D', 'Finalizar'],
      ['X', 'No se presentó'],
      ['Q', 'Regresar a la fila'],
      ['↑ ↓', 'Seleccionar en la fila'],
      ['C', 'Llamar ahora a la persona seleccionada'],
      ['Alt+↑ ↓', 'Mover a la persona seleccionada'],
      ['Alt+Shift+↑', 'Mover al principio'],
      ['T', 'Transferir a la persona seleccionada'],
      ['Esc', 'Quitar la selección'],
    ] as [string, string][],
  },
  activity: {
    title: 'Actividad',
    intro: 'Todo lo que cambió las filas, lo más reciente primero.',
    when: 'Hora',
    who: 'Quién',
    what: 'Qué',
    older: 'Ver anteriores',
    empty: 'Todavía no ha pasado nada hoy.',
    hub: 'Servidor',
    integration: (id: string) => `Integración ${id}`,
    personOnline: 'La persona (página de estado)',
    personBySms: 'La persona (respuesta por mensaje de texto)',
    events: {
      'entry.enrolled': (e: ActivityWords) => `Agregó ${e.ticket} a ${e.service}${e.channel ? ` (${e.channel.toLowerCase()})` : ''}`,
      'entry.booked': (e: ActivityWords) => `Programó una cita para ${e.service}`,
      'entry.checked-in': (e: ActivityWords) =>
        `Registró la llegada de ${e.ticket} para ${e.service}${e.channel ? ` (${e.channel.toLowerCase()})` : ''}`,
      'entry.called': (e: ActivityWords) => `Llamó a ${e.ticket} a ${e.counter}`,
      'entry.recalled': (e: ActivityWords) => `Volvió a llamar a ${e.ticket}`,
      'entry.serving': (e: ActivityWords) => `Comenzó a atender a ${e.ticket}`,
      'entry.completed': (e: ActivityWords) => `Finalizó la atención de ${e.ticket}`,
      'entry.no-show': (e: ActivityWords) => `Marcó que ${e.ticket} no se presentó`,
      'entry.cancelled': (e: ActivityWords) => (e.reason === 'left' ? `${e.ticket} se fue de la fila` : `Retiró ${e.ticket} de la fila`),
      'entry.moved': (e: ActivityWords) => `Movió ${e.ticket} al lugar ${e.position}`,
      'contacts.purged': () => 'Borró los números de teléfono de las visitas terminadas, según la regla de conservación de datos',
      'entry.on-my-way': (e: ActivityWords) => `${e.ticket} va en camino`,
      'entry.more-time': (e: ActivityWords) => `${e.ticket} pidió más tiempo y bajó al lugar ${e.position}`,
      'entry.requeued': (e: ActivityWords) => `Regresó ${e.ticket} a la fila en el lugar ${e.position}`,
      'entry.reopened': (e: ActivityWords) =>
        `Deshizo ${e.undid === 'done' ? 'la finalización' : e.undid === 'no_show' ? 'la ausencia' : 'el retiro'} de ${e.ticket}: ${
          e.position ? `regresó a la fila en el lugar ${e.position}` : e.counter ? `se atiende de nuevo en ${e.counter}` : 'su cita está reservada de nuevo'
        }`,
      'entry.channel-changed': (e: ActivityWords) => `${e.ticket} ahora espera por otro medio: ${e.channel.toLowerCase()}`,
      'entry.transferred': (e: ActivityWords) =>
        `Transfirió ${e.ticket} a ${e.toService}${e.keepPlace ? ', conservando su lugar' : ', al final de la fila'}`,
      'counter.status-changed': (e: ActivityWords) =>
        `${e.counterStatus === 'open' ? 'Abrió' : e.counterStatus === 'paused' ? 'Pausó' : 'Cerró'} ${e.counter}`,
    } as Record<string, (e: ActivityWords) => string>,
  },
  alerts: {
    deviceActions: 'Acciones',
    printScannerSetup: 'Imprimir códigos de configuración del escáner',
    scannerSetupSent: (kiosk: string) =>
      `Se están imprimiendo los códigos de configuración del escáner en ${kiosk}: escanéelos de arriba abajo con su escáner`,
    title: 'Alertas',
    problems: 'Requiere atención',
    none: 'Nada requiere atención.',
    devices: 'Dispositivos',
    device: 'Dispositivo',
    role: 'Tipo',
    state: 'Estado',
    since: 'Desde hace',
    printer: 'Impresora',
    sound: 'Sonido',
    online: 'En línea',
    offline: 'Sin conexión',
    neverSeen: 'Sin comunicación desde que se inició el servidor',
    noDevices: 'No hay dispositivos configurados para esta sede.',
    mirror: 'Enlace con el centro de contacto',
    mirrorUp: 'Conectado',
    mirrorDown: 'Desconectado',
    problem: {
      deviceOffline: (device: string) => `${device} está sin conexión`,
      printer: (device: string, state: PrinterState, message: string | null) =>
        `${device} no puede imprimir: ${message ?? printerStates[state]}`,
      sound: (device: string, state: 'blocked' | 'unavailable') =>
        state === 'blocked'
          ? `${device} no puede reproducir sonido: toque la pantalla una vez para permitirlo`
          : `${device} no tiene salida de sonido`,
      mirrorOffline: (backlog: number) =>
        `El enlace con el centro de contacto está desconectado${
          backlog === 1 ? ': 1 evento espera ser enviado' : backlog > 1 ? `: ${backlog} eventos esperan ser enviados` : ''
        }`,
      smsOffline: 'No se puede conectar con la pasarela de SMS: no se están enviando mensajes de texto',
      smsFailing: (count: number) =>
        count === 1
          ? 'No se pudo enviar un mensaje de texto en la última hora'
          : `No se pudieron enviar ${count} mensajes de texto en la última hora`,
    },
    forDuration: (duration: string) => `desde hace ${duration}`,
    roles: {
      kiosk: 'Quiosco',
      display: 'Pantalla de la sala',
      counter: 'Botón de ventanilla',
      desk: 'Panel del personal',
      mirror: 'Réplica',
    } as Record<string, string>,
    printerStates,
  },
  staff: {
    title: 'Cuentas del personal',
    intro: 'Las cuentas del archivo de la sede se cambian allí; las cuentas agregadas aquí se guardan en el servidor.',
    id: 'ID de personal',
    name: 'Nombre',
    role: 'Rol',
    roles: { staff: 'Personal', manager: 'Supervisor' } as Record<string, string>,
    source: 'Agregada',
    fromSite: 'Archivo de la sede',
    addedBy: (who: string, when: string) => `por ${who}, ${when}`,
    addTitle: 'Agregar una cuenta',
    password: (min: number) => `Contraseña (al menos ${min} ${min === 1 ? 'carácter' : 'caracteres'})`,
    submit: 'Agregar cuenta',
    added: (name: string) => `Se agregó una cuenta para ${name}`,
  },
  reports: {
    title: 'Reportes',
    from: 'Desde',
    to: 'Hasta',
    target: 'Espera objetivo (min)',
    csv: 'Descargar CSV',
    empty: 'No hubo visitas en estos días.',
    visits: 'Visitas',
    served: 'Atendidas',
    waitMedian: 'Espera mediana',
    waitP90: 'El 90 % esperó como máximo',
    serviceMedian: 'Atención mediana',
    withinTarget: (minutes: number) => `Llamadas en ${minutes} min o menos`,
    withinTargetShort: 'Dentro del objetivo',
    left: 'Se fueron',
    noShows: 'No se presentaron',
    median: 'espera mediana',
    p90: 'percentil 90',
    waitByHour: 'Espera por hora de llegada',
    visitsByService: 'Visitas por servicio',
    byService: 'Servicio',
    byCounter: 'Ventanilla',
    byChannel: 'Canal',
  },
  duration: {
    seconds: '< 1 min',
    minutes: (m: number) => `${m} min`,
    hours: (h: number, m: number) => (m ? `${h} h ${m} min` : `${h} h`),
  },
};
