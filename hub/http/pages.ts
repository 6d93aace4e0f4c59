/**
 * The hub's own two HTML pages: the landing page at `/`, which leads each
 * person to their app, and the page a browser gets for an address that leads
 * nowhere. Programs asking the APIs keep getting JSON (server.ts decides).
 * Plain HTML with its styles inline: there is no app to build for them.
 */

export interface SiteSummary {
  siteId: string;
  siteName: string;
  /** The site's languages, first is its main one. */
  languages: string[];
}

interface PageWords {
  title: string;
  intro: string;
  links: { join: [string, string]; poster: [string, string]; kiosk: [string, string]; display: [string, string]; desk: [string, string] };
  notFoundTitle: string;
  notFound: (path: string) => string;
  unbuilt: (app: string) => string;
  home: string;
}

const WORDS: Record<string, PageWords> = {
  en: {
    title: 'Check-in',
    intro: 'Where each part of the check-in system lives on this hub.',
    links: {
      join: ['Join the line from a phone', 'The page the entrance QR code opens: join a line and wait anywhere.'],
      poster: ['Entrance poster QR code', 'Print it for the entrance, so people can join from their phones.'],
      kiosk: ['Kiosk', 'The touch screen in the lobby; set it up with its device id and key.'],
      display: ['Lobby TV', 'Now serving and recent calls, for a screen in the waiting room.'],
      desk: ['Front desk', 'For staff: call, serve and manage the lines. Sign in required.'],
    },
    notFoundTitle: 'Page not found',
    notFound: (path) => `There is nothing at ${path} on this hub. The address may be mistyped, or the page has moved.`,
    unbuilt: (app) => `The ${app} app is not built on this hub yet. Run npm run build, then reload this page.`,
    home: 'Go to the start page',
  },
  es: {
    title: 'Registro de llegada',
    intro: 'Dónde está cada parte del sistema de turnos en este servidor.',
    links: {
      join: ['Unirse a la fila desde el teléfono', 'La página que abre el código QR de la entrada: únase a una fila y espere donde quiera.'],
      poster: ['Código QR para la entrada', 'Imprímalo para la entrada, para que la gente se una desde su teléfono.'],
      kiosk: ['Quiosco', 'La pantalla táctil de la sala; configúrela con su id de dispositivo y su clave.'],
      display: ['Pantalla de la sala', 'Turnos atendidos y llamadas recientes, para una pantalla en la sala de espera.'],
      desk: ['Recepción', 'Para el personal: llamar, atender y gestionar las filas. Requiere iniciar sesión.'],
    },
    notFoundTitle: 'Página no encontrada',
    notFound: (path) => `No hay nada en ${path} en este servidor. Puede que la dirección esté mal escrita o que la página se haya movido.`,
    unbuilt: (app) => `La aplicación ${app} aún no está compilada en este servidor. Ejecute npm run build y vuelva a cargar esta página.`,
    home: 'Ir a la página de inicio',
  },
};

/** `/`: the site's name and a link to every app, in the language asked for (?lang=) or the browser's, among the site's. */
export function landingPage(site: SiteSummary, lang: string | undefined, acceptLanguage: string | undefined): string {
  const language = pageLanguage(site.languages, lang, acceptLanguage);
  const w = WORDS[language]!;
  const links: [keyof PageWords['links'], string][] = [
    ['join', '/wait/'],
    ['poster', '/wait/api/join-qr.png'],
    ['display', `/display/?site=${encodeURIComponent(site.siteId)}`],
    ['kiosk', '/kiosk/'],
    ['desk', '/desk/'],
  ];
  const items = links
    .map(([key, href]) => {
      const [label, detail] = w.links[key];
      return `<li><a href="${escapeHtml(href)}"><span class="label">${escapeHtml(label)}</span><span class="detail">${escapeHtml(detail)}</span></a></li>`;
    })
    .join('');
  const others = site.languages.filter((l) => l !== language && WORDS[l]);
  const switcher = others.length
    ? `<nav aria-label="Language">${others.map((l) => `<a lang="${l}" href="/?lang=${l}">${LANGUAGE_NAMES[l] ?? l}</a>`).join(' ')}</nav>`
    : '';
  return page(language, `${site.siteName} · ${w.title}`, `<header>${switcher}<h1>${escapeHtml(site.siteName)}</h1><p>${escapeHtml(w.intro)}</p></header><main><ul class="apps">${items}</ul></main>`);
}

/** A browser's 404 (or 503 while an app is unbuilt): what went wrong and a way back. */
export function notFoundPage(site: SiteSummary, path: string, acceptLanguage: string | undefined, unbuiltApp?: string): string {
  const language = pageLanguage(site.languages, undefined, acceptLanguage);
  const w = WORDS[language]!;
  const message = unbuiltApp ? w.unbuilt(unbuiltApp) : w.notFound(path);
  return page(
    language,
    `${w.notFoundTitle} · ${site.siteName}`,
    `<main><p class="site">${escapeHtml(site.siteName)}</p><h1>${escapeHtml(w.notFoundTitle)}</h1><p>${escapeHtml(message)}</p><p><a class="button" href="/">${escapeHtml(w.home)}</a></p></main>`,
  );
}

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', es: 'Español' };

function pageLanguage(siteLanguages: string[], asked: string | undefined, acceptLanguage: string | undefined): string {
  const offered = siteLanguages.filter((l) => WORDS[l]);
  if (asked && offered.includes(asked)) return asked;
  const browser = (acceptLanguage ?? '')
    .split(',')
    .map((part) => part.split(';')[0]!.trim().slice(0, 2).toLowerCase())
    .find((l) => offered.includes(l));
  return browser ?? offered[0] ?? 'en';
}

function page(language: string, title: string, body: string): string {
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

const STYLE = `
:root { color-scheme: light; --fg: #14181f; --muted: #4a5261; --bg: #f3f5f9; --card: #fff; --border: #c3cad6; --primary: #0b4fb3; --focus: #e08a00; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, 'DejaVu Sans', sans-serif; font-size: 1.05rem; line-height: 1.45; color: var(--fg); background: var(--bg); }
header, main { max-width: 44rem; margin: 0 auto; padding: 0 20px; }
header { padding-top: 28px; }
h1 { font-size: 2rem; margin: 0 0 6px; }
header p, .site, .detail { color: var(--muted); }
nav { float: right; }
nav a, .apps a, .button { color: var(--primary); font-weight: 600; }
.apps { list-style: none; padding: 0; margin: 20px 0 40px; display: grid; gap: 12px; }
.apps a { display: flex; flex-direction: column; gap: 2px; padding: 16px 18px; background: var(--card); border: 2px solid var(--border); border-radius: 12px; text-decoration: none; }
.apps a:hover { border-color: var(--primary); }
.label { font-size: 1.15rem; }
.detail { font-weight: 400; }
main > h1 { margin-top: 4px; }
.site { margin: 40px 0 0; font-weight: 600; }
.button { display: inline-block; margin-top: 8px; padding: 12px 18px; border: 2px solid var(--primary); border-radius: 12px; background: var(--card); text-decoration: none; }
a:focus-visible { outline: 3px solid var(--focus); outline-offset: 3px; }
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
