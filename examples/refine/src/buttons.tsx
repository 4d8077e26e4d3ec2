/** The ways to log out, each through refine's `useLogout`. */
import { useLogout } from '@refinedev/core';
import { useState } from 'react';
import type { RefineLogoutParams } from 'webauth-logout/refine';
import type { AppLogoutParams } from './authProvider';

/** refine's own logout button: `authProvider.logout` with its defaults. */
export function LogoutButton() {
  const { mutate: logout } = useLogout();
  return <button onClick={() => logout()}>Logout</button>;
}

/** Out of the identity provider too: `useLogout<RefineLogoutParams>()` types the options `mutate` takes. */
export function FederatedLogoutButton() {
  const { mutate: logout } = useLogout<RefineLogoutParams>();
  return <button id="federated-logout" onClick={() => logout({ federated: true })}>Log out of the identity provider too</button>;
}

/** In a popup: the page stays, and refine routes to /login once the popup has come back. */
export function PopupLogoutButton() {
  const { mutate: logout } = useLogout<AppLogoutParams>();
  return <button id="popup-logout" onClick={() => logout({ popup: true })}>Log out in a popup</button>;
}

/** Any returnTo: one outside Allowed Logout URLs is refused before the page leaves, as refine's "Logout Error". */
export function CustomLogoutForm() {
  const { mutate: logout } = useLogout<RefineLogoutParams>();
  const [returnTo, setReturnTo] = useState('https://example.com/');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        logout({ returnTo });
      }}
    >
      <label>
        returnTo <input id="return-to" type="text" size={40} value={returnTo} onChange={(event) => setReturnTo(event.target.value)} />
      </label>{' '}
      <button type="submit" id="custom-logout">Log out to this URL</button>
    </form>
  );
}
