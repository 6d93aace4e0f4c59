/** The words printed on a ticket, per language; English when the ticket's language has none here. */

export interface TicketLabels {
  place: (position: number) => string;
  estimate: (low: number, high: number) => string;
  scanToFollow: string;
  /** Printed at the top of a reprint. */
  copy: string;
  /** Below the time the person joined, on a reprint. */
  reprinted: (time: string) => string;
}

const LABELS: Record<string, TicketLabels> = {
  en: {
    place: (position) => `Your place in line: ${position}`,
    estimate: (low, high) => (low === high ? `Estimated wait: about ${low} min` : `Estimated wait: ${low}-${high} min`),
    scanToFollow: 'Stepping out? Scan the code to follow your place in line.',
    copy: 'COPY',
    reprinted: (time) => `Reprinted ${time}`,
  },
  es: {
    place: (position) => `Su lugar en la fila: ${position}`,
    estimate: (low, high) => (low === high ? `Espera estimada: unos ${low} min` : `Espera estimada: ${low}-${high} min`),
    scanToFollow: '¿Sale un momento? ¡Escanee el código y siga su turno desde el teléfono!',
    copy: 'COPIA',
    reprinted: (time) => `Reimpreso ${time}`,
  },
};

export function ticketLabels(language: string): TicketLabels {
  return LABELS[language] ?? LABELS[language.slice(0, 2)] ?? (LABELS.en as TicketLabels);
}
