import type { Messages } from './messages.ts';

const range = (low: number, high: number) => (low === high ? `${low} min` : `${low}–${high} min`);

export const es: Messages = {
  nowServing: 'Atendiendo ahora',
  recentCalls: 'Llamados recientes',
  goTo: 'pase a',
  waitingTitle: 'En espera ahora',
  waiting: 'en espera',
  estimatedWait: 'Espera estimada',
  minutes: range,
  noEstimate: 'Sin estimación todavía',
  noCounterOpen: 'Ninguna ventanilla abierta',
  noCallsYet: 'Todavía no se ha llamado a nadie',
  connecting: 'Conectando con el servidor…',
  reconnecting: 'Reconectando…',
  soundBlocked: 'Sonido desactivado',
  enableSound: 'Activar sonido',
  counterOpen: 'Abierta',
  counterPaused: 'En pausa',
  counterClosed: 'Cerrada',
  deviceRefused: 'Acceso del dispositivo rechazado: solo se muestra información pública',
  anonymousRefused: 'Este servidor exige credenciales de dispositivo para las pantallas (device= y key= en la dirección)',
  unknownIds: (ids) => `No existen en este sitio: ${ids.join(', ')}`,
  speech: {
    call: (ticket, counterName) => `Turno ${ticket}, pase a ${counterName}, por favor.`,
    recall: (ticket, counterName) => `Llamado de nuevo: turno ${ticket}, pase a ${counterName}, por favor.`,
  },
  setup: {
    title: 'Esta pantalla aún no está configurada',
    siteMissing: 'Añada el sitio a la dirección de esta página.',
    counterMissing: 'El modo ventanilla necesita la ventanilla que mostrar.',
    badParameter: (name) => `La dirección tiene un "${name}" no válido.`,
    example: 'Por ejemplo:',
    siteIdPlaceholder: 'id-de-su-sitio',
    thisHub: (siteId) => `Este servidor atiende el sitio "${siteId}":`,
    wrongSiteTitle: 'Esta pantalla está configurada para otro sitio',
    wrongSite: (siteId, hubSiteId) => `Esta pantalla está configurada para el sitio "${siteId}", pero este servidor atiende "${hubSiteId}".`,
    openInstead: 'Abra esta dirección en su lugar:',
  },
};
