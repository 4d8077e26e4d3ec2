// jsdom 28 ships no type declarations (and @types/jsdom is not installed): just what the tests use.
declare module 'jsdom' {
  export class VirtualConsole {
    on(event: 'jsdomError', listener: (error: Error & { type?: string }) => void): this;
    on(event: string, listener: (...args: any[]) => void): this;
  }
  export type Interceptor = (...args: any[]) => unknown;
  export function requestInterceptor(
    handler: (request: Request, context: { element: Element | null }) => Response | Promise<Response> | undefined,
  ): Interceptor;
  export interface ConstructorOptions {
    url?: string;
    runScripts?: 'dangerously' | 'outside-only';
    virtualConsole?: VirtualConsole;
    resources?: 'usable' | { interceptors?: Interceptor[]; userAgent?: string };
    beforeParse?(window: JSDOM['window']): void;
  }
  export class JSDOM {
    constructor(html?: string, options?: ConstructorOptions);
    readonly window: Window & typeof globalThis & Record<string, unknown>;
    serialize(): string;
  }
}
