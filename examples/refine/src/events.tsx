/**
 * The logout lifecycle as this tab hears it, listed in the page: each logout
 * is `started`, then `completed` or `abandoned`, in this tab and the others.
 * Subscribed when the app loads, so the `completed` of a logout that comes
 * back to this page is heard too.
 */
import { onLogout, type LogoutEvent } from 'webauth-logout';
import { useSyncExternalStore } from 'react';
import { webAuth } from './webAuth';

interface HeardEvent extends LogoutEvent {
  /** When this tab heard it (ms since the epoch). */
  at: number;
}

let heard: readonly HeardEvent[] = [];
const listeners = new Set<() => void>();
onLogout(webAuth, (event) => {
  heard = [...heard, { ...event, at: Date.now() }];
  for (const listener of listeners) listener();
});

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function LogoutEvents() {
  const events = useSyncExternalStore(subscribe, () => heard);
  return (
    <section className="card">
      <h2>Logout events in this tab</h2>
      <ol id="events" className="events">
        {events.map((event) => (
          <li key={`${event.id} ${event.phase}`} data-id={event.id} data-source={event.source} data-phase={event.phase} data-reason={event.reason ?? ''} data-at={event.at}>
            {event.source} {event.phase}
            {event.reason ? ` (${event.reason})` : ''}: /{event.endpoint}/logout, federated {String(event.federated)}
          </li>
        ))}
      </ol>
    </section>
  );
}
