/** The app's pages: the protected dashboard and its layout, the login page, the popup's signed-out page. */
import { useGetIdentity } from '@refinedev/core';
import { useEffect, type ReactNode } from 'react';
import { watchBackChannelLogout, watchIdle, type LogoutReturn } from 'webauth-logout';
import { CustomLogoutForm, FederatedLogoutButton, LogoutButton, PopupLogoutButton } from './buttons';
import { BACK_CHANNEL_EVENTS_URL, IDLE_TIMEOUT_MS, LOGGED_OUT_URL, LOGIN_URL } from './config';
import { useLogoutReturn } from './useLogoutReturn';
import { webAuth } from './webAuth';

const seconds = (ms: number) => Math.ceil(ms / 1000);

/** Logs out after IDLE_TIMEOUT_MS without activity in any tab; one tab reaches the tenant, every tab hears `completed`. */
function useIdleLogout(): void {
  useEffect(() => {
    const watch = watchIdle(webAuth, { timeoutMs: IDLE_TIMEOUT_MS, logout: { returnTo: LOGGED_OUT_URL } });
    return () => watch.stop();
  }, []);
}

/**
 * Hears the tenant end the session elsewhere while a signed-in page is open:
 * the app's server holds the event stream, one tab of the browser reads it
 * for all, and every tab hears `completed` from the back channel.
 */
function useBackChannelLogout(): void {
  useEffect(() => {
    const watch = watchBackChannelLogout(webAuth, { url: BACK_CHANNEL_EVENTS_URL });
    return () => watch.stop();
  }, []);
}

/** The signed-in pages' frame: who is signed in, and every way to log out. */
export function Layout({ children }: { children: ReactNode }) {
  const { data: user } = useGetIdentity<{ name: string }>();
  useIdleLogout();
  useBackChannelLogout();
  return (
    <>
      <header className="app-bar">
        <strong id="user-name">{user?.name ?? '…'}</strong>
        <LogoutButton />
      </header>
      <main>
        {children}
        <section className="card">
          <h2>More ways to log out</h2>
          <p>
            <FederatedLogoutButton /> <PopupLogoutButton />
          </p>
          <CustomLogoutForm />
          <p className="hint" id="idle-note">
            Idle logout after {seconds(IDLE_TIMEOUT_MS)} s without activity in any tab.
          </p>
        </section>
      </main>
    </>
  );
}

export function DashboardPage() {
  return (
    <section className="card">
      <h1 id="page" data-page="dashboard">Dashboard</h1>
      <p>Only signed-in users see this page.</p>
    </section>
  );
}

/** What the return says, in words. */
function describeReturn(result: LogoutReturn): string {
  if (result.reason === 'idle') return `You were signed out after ${seconds(IDLE_TIMEOUT_MS)} s without activity`;
  return `Signed out through /${result.endpoint}/logout${result.federated ? ', and out of the identity provider' : ''}`;
}

export function LoginPage() {
  const returned = useLogoutReturn();
  useEffect(() => {
    // When this tab reached the login route, for the browser tests to compare with the events it heard.
    document.documentElement.dataset.loginAt = String(Date.now());
  }, []);
  return (
    <main>
      <section className="card">
        <h1 id="page" data-page="login">Sign in</h1>
        {returned && <p id="logout-return" role="status">{describeReturn(returned)}</p>}
        <p>
          <a className="button primary" id="login" href={LOGIN_URL}>Log in</a>
        </p>
      </section>
    </main>
  );
}

/** Where a popup logout returns: handleLogoutReturn hands the result to the app and closes the popup. */
export function SignedOutPage() {
  const returned = useLogoutReturn();
  return (
    <main>
      <section className="card">
        <h1 id="page" data-page="signed-out">Signed out</h1>
        <p id="logout-return">{returned ? describeReturn(returned) : 'You are signed out.'}</p>
        <p>
          <a href={LOGIN_URL}>Log in again</a>
        </p>
      </section>
    </main>
  );
}
