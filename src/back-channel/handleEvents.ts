import { invalidRequest, methodNotAllowed, serverError } from './responses';
import { type BackChannelStore, type EndedSession, POSITION } from './store';

/**
 * The browser session an event stream watches, as the app's own
 * authentication knows it (never from the request's query): the `sid` and
 * `sub` of its ID token, which logout tokens name (OpenID Connect Back-Channel
 * Logout 1.0 §2.4; a provider that advertises `backchannel_logout_session_supported`,
 * as Auth0 does, puts `sid` in ID tokens, §2.1).
 */
export interface WatchedSession {
  /** The OpenID Provider's session id: the `sid` claim of the user's ID token. */
  sid?: string;
  /** The user: the `sub` claim of the user's ID token. */
  sub?: string;
}

/** What the `logout` event's `data:` line holds (JSON): the session §2.7 says the application logs out. */
export interface LogoutEventData {
  sid?: string;
  sub?: string;
  iss: string;
  /** When the logout token was accepted, in milliseconds since the epoch. */
  time: number;
}

export interface StreamTiming {
  /** How often a comment line keeps the connection open (proxies close idle ones). */
  keepAliveMs: number;
  /** The `retry:` the browser waits before reconnecting, in milliseconds. */
  retryMs: number;
}

const HEADERS = { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' } as const;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Whether an ended session ends the watched one: a token with a `sid` names
 * one session of the user (OpenID Connect Back-Channel Logout 1.0 §2.4) and
 * spares the others; a token with only a `sub` ends every session of the user.
 * A watched session without a `sid` cannot tell which session a `sid` names,
 * so a token for its user ends it.
 */
export function endsSession(ended: EndedSession, watched: WatchedSession): boolean {
  if (ended.sid !== undefined && watched.sid !== undefined) return ended.sid === watched.sid;
  return ended.sub !== undefined && ended.sub === watched.sub;
}

/**
 * The event stream of one browser session (Server-Sent Events): comments,
 * `retry:` and `id:` lines, then one `logout` event when the session ends,
 * and the end of the stream. `Last-Event-ID` resumes from a position.
 */
export function eventsHandler(issuer: string, store: BackChannelStore, timing: StreamTiming): (request: Request, session: WatchedSession) => Response {
  return function handleEvents(request: Request, session: WatchedSession): Response {
    try {
      if (request.method !== 'GET') return methodNotAllowed('GET');
      const watched: WatchedSession = { sid: text(session?.sid), sub: text(session?.sub) };
      if (watched.sid === undefined && watched.sub === undefined) return invalidRequest('the session to watch has neither a sid nor a sub');
      const lastEventId = request.headers.get('last-event-id')?.trim();
      const resumeFrom = lastEventId !== undefined && POSITION.test(lastEventId) ? lastEventId : undefined;
      const encoder = new TextEncoder();
      let release = () => {};

      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          let done = false;
          let unsubscribe: (() => void) | undefined;
          let timer: ReturnType<typeof setInterval> | undefined;
          const finish = (close: boolean) => {
            if (done) return;
            done = true;
            unsubscribe?.();
            clearInterval(timer);
            request.signal.removeEventListener('abort', onAbort);
            if (close) {
              try {
                controller.close();
              } catch {
                // The reader already went away.
              }
            }
          };
          const onAbort = () => finish(true);
          release = () => finish(false);
          const send = (lines: string) => {
            if (done) return;
            try {
              controller.enqueue(encoder.encode(lines));
            } catch {
              finish(false);
            }
          };
          if (request.signal.aborted) return finish(true);
          request.signal.addEventListener('abort', onAbort);
          timer = setInterval(() => send(': keep-alive\n\n'), timing.keepAliveMs);
          (timer as { unref?: () => void }).unref?.();

          const begin = (from: string) => {
            if (done) return;
            send(`retry: ${timing.retryMs}\nid: ${from}\n\n`);
            let stop: () => void;
            try {
              stop = store.subscribe(from, ({ position, session: ended }) => {
              if (done || ended.iss !== issuer || !endsSession(ended, watched)) return;
              const data: LogoutEventData = { ...(ended.sid !== undefined ? { sid: ended.sid } : {}), ...(ended.sub !== undefined ? { sub: ended.sub } : {}), iss: ended.iss, time: ended.time };
              send(`id: ${position}\nevent: logout\ndata: ${JSON.stringify(data)}\n\n`);
              finish(true);
            });
            } catch {
              send(`retry: ${timing.retryMs}\n: the logout store is unavailable\n\n`);
              return finish(true);
            }
            if (done) stop();
            else unsubscribe = stop;
          };
          if (resumeFrom !== undefined) begin(resumeFrom);
          else {
            store.currentPosition().then(begin, () => {
              // The store is unavailable: the browser reconnects after `retry`.
              send(`retry: ${timing.retryMs}\n: the logout store is unavailable\n\n`);
              finish(true);
            });
          }
        },
        cancel() {
          release();
        },
      });
      return new Response(body, { status: 200, headers: HEADERS });
    } catch {
      return serverError();
    }
  };
}
