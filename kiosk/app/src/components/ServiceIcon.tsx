/**
 * Plain line pictures for services, drawn here rather than as emoji: kiosk PCs
 * often have no colour-emoji font. A service without its own picture gets a ticket.
 */
const PATHS: Record<string, string> = {
  // a test tube
  lab: 'M18 6h12M21 6v26a5 5 0 0 0 10 0V6M21 22h10',
  // a chest with ribs
  xray: 'M24 8v32M12 12c4 2 8 2 12 0c4 2 8 2 12 0M12 20c4 2 8 2 12 0c4 2 8 2 12 0M12 28c4 2 8 2 12 0c4 2 8 2 12 0M10 8h28v32H10z',
  // a clipboard with lines
  reg: 'M14 8h20v32H14zM19 5h10v6H19zM18 18h12M18 24h12M18 30h8',
};
const TICKET = 'M8 14h32v6a4 4 0 0 0 0 8v6H8v-6a4 4 0 0 0 0-8zM30 14v20';

export function ServiceIcon({ serviceId }: { serviceId: string }) {
  return (
    <svg class="icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <path d={PATHS[serviceId] ?? TICKET} fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
