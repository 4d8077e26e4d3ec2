/**
 * A refine app signed in at Auth0 (here the local tenant) that logs out with
 * webauth-logout, on refine's react-router integration.
 */
import { Authenticated, Refine } from '@refinedev/core';
import routerProvider, { CatchAllNavigate } from '@refinedev/react-router';
import { BrowserRouter, Navigate, Outlet, Route, Routes } from 'react-router';
import { LogoutSync } from 'webauth-logout/refine';
import { authProvider } from './authProvider';
import { BASE_PATH } from './config';
import { LogoutEvents } from './events';
import { Notifications, notificationProvider } from './notifications';
import { DashboardPage, Layout, LoginPage, SignedOutPage } from './pages';
import { webAuth } from './webAuth';

export function App() {
  return (
    <BrowserRouter basename={BASE_PATH}>
      <Refine authProvider={authProvider} routerProvider={routerProvider} notificationProvider={notificationProvider} options={{ disableTelemetry: true }}>
        {/* Every tab leaves its protected pages once a logout has completed, in whichever tab. */}
        <LogoutSync webAuth={webAuth} />
        <Notifications />
        <Routes>
          <Route
            element={
              <Authenticated key="protected" fallback={<CatchAllNavigate to="/login" />}>
                <Layout>
                  <Outlet />
                </Layout>
              </Authenticated>
            }
          >
            <Route index element={<DashboardPage />} />
          </Route>
          <Route element={<Authenticated key="login" fallback={<Outlet />}><Navigate to="/" replace /></Authenticated>}>
            <Route path="/login" element={<LoginPage />} />
          </Route>
          <Route path="/signed-out" element={<SignedOutPage />} />
        </Routes>
        <LogoutEvents />
      </Refine>
    </BrowserRouter>
  );
}
