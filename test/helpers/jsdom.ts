/**
 * A separate jsdom page per test, for running the built script-tag bundle
 * the way a browser would, and seeing where it navigates.
 */
import { readFileSync } from 'node:fs';
import { JSDOM, requestInterceptor, VirtualConsole } from 'jsdom';

export interface Navigation {
  method: 'assign' | 'replace' | 'href';
  url: string;
}

/**
 * Records every navigation of `window`'s `location`, by method, then lets jsdom
 * carry on (it reports "Not implemented: navigation to another Document" and
 * stays on the page). `location.assign` and `replace` are unforgeable on the
 * wrapper, so the recording sits on jsdom's implementation object behind it.
 */
export function observeNavigation(window: JSDOM['window']): Navigation[] {
  const navigations: Navigation[] = [];
  const implSymbol = Object.getOwnPropertySymbols(window.location).find((symbol) => symbol.description === 'impl');
  if (!implSymbol) throw new Error('jsdom changed: no implementation behind window.location');
  const impl = (window.location as unknown as Record<symbol, Record<string, unknown>>)[implSymbol]!;
  const proto = Object.getPrototypeOf(impl) as Record<string, (url: string) => void>;
  for (const method of ['assign', 'replace'] as const) {
    impl[method] = function (this: unknown, url: string) {
      navigations.push({ method, url });
      return proto[method]!.call(this, url);
    };
  }
  const href = Object.getOwnPropertyDescriptor(proto, 'href')!;
  Object.defineProperty(impl, 'href', {
    configurable: true,
    get: href.get,
    set(this: unknown, url: string) {
      navigations.push({ method: 'href', url });
      href.set!.call(this, url);
    },
  });
  return navigations;
}

export interface Page {
  dom: JSDOM;
  window: JSDOM['window'];
  navigations: Navigation[];
  /** jsdom's own errors: "not-implemented" navigation, script errors. */
  jsdomErrors: Array<{ type: string; message: string }>;
  /** What the page's scripts wrote to their console. */
  consoleErrors: unknown[][];
  loaded: Promise<void>;
}

/**
 * Opens `html` at `https://app.example.com/` with scripts on; `<script src>`
 * URLs in `scripts` are answered with the given files' contents, anything else with 404.
 */
export function openPage(html: string, scripts: Record<string, string> = {}): Page {
  const jsdomErrors: Page['jsdomErrors'] = [];
  const consoleErrors: unknown[][] = [];
  const virtualConsole = new VirtualConsole();
  virtualConsole.on('jsdomError', (error: Error & { type?: string }) => jsdomErrors.push({ type: error.type ?? '', message: error.message }));
  virtualConsole.on('error', (...args: unknown[]) => consoleErrors.push(args));
  let navigations: Navigation[] = [];
  const dom = new JSDOM(html, {
    url: 'https://app.example.com/',
    runScripts: 'dangerously',
    virtualConsole,
    resources: {
      interceptors: [
        requestInterceptor((request) => {
          const file = scripts[request.url];
          return file === undefined
            ? new Response('not found', { status: 404 })
            : new Response(readFileSync(file), { headers: { 'Content-Type': 'text/javascript' } });
        }),
      ],
    },
    beforeParse(window) {
      navigations = observeNavigation(window);
    },
  });
  const loaded = new Promise<void>((resolve) => dom.window.addEventListener('load', () => resolve()));
  return { dom, window: dom.window, navigations, jsdomErrors, consoleErrors, loaded };
}

/** The seed's `javascript` example (an HTML fragment: two script elements), its placeholders filled in. */
export function seedSnippet(seedPath: string, placeholders: Record<string, string>): string {
  const seed = readFileSync(seedPath, 'utf8');
  const block = /```javascript\n([\s\S]*?)```/.exec(seed)?.[1];
  if (!block) throw new Error(`no javascript block in ${seedPath}`);
  let html = block;
  for (const [placeholder, value] of Object.entries(placeholders)) {
    if (!html.includes(placeholder)) throw new Error(`the seed no longer has ${placeholder}`);
    html = html.split(placeholder).join(value);
  }
  return html;
}
