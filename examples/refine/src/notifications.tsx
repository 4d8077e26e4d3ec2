/**
 * refine's `notificationProvider`, shown as a plain list in the page: refine
 * opens "Logout Error" there when `authProvider.logout` resolves
 * `{ success: false, error }`, with the SDK's message as its text.
 */
import type { NotificationProvider, OpenNotificationParams } from '@refinedev/core';
import { useSyncExternalStore } from 'react';

let shown: readonly OpenNotificationParams[] = [];
const listeners = new Set<() => void>();
function update(next: readonly OpenNotificationParams[]): void {
  shown = next;
  for (const listener of listeners) listener();
}

export const notificationProvider: NotificationProvider = {
  // One notification per key: refine opens "useLogout-error" again on each failed logout.
  open: (params) => update([...shown.filter((item) => item.key === undefined || item.key !== params.key), params]),
  close: (key) => update(shown.filter((item) => item.key !== key)),
};

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function Notifications() {
  const items = useSyncExternalStore(subscribe, () => shown);
  return (
    <ul id="notifications" className="notifications" aria-live="polite">
      {items.map((item, index) => (
        <li key={item.key ?? index} data-type={item.type} data-key={item.key} role={item.type === 'error' ? 'alert' : 'status'}>
          <strong className="notification-title">{item.message}</strong> <span className="notification-text">{item.description}</span>
          <button type="button" onClick={() => notificationProvider.close(item.key ?? '')} aria-label="Dismiss">×</button>
        </li>
      ))}
    </ul>
  );
}
