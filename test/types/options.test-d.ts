/**
 * What strict TypeScript accepts and refuses, checked by `tsc` in `npm test`
 * (`npm run lint`): every `@ts-expect-error` below must still be an error,
 * or the compile fails.
 */
import { expectTypeOf } from 'vitest';
import {
  WebAuth,
  WebAuthError,
  buildLogoutUrl,
  handleLogoutReturn,
  logoutWithPopup,
  oidcLogoutWithPopup,
  oidcLogout,
  type LogoutEvent,
  type LogoutOptions,
  type LogoutParams,
  type LogoutReturn,
} from '../../src/index';
import { refineLogout, refinePopupLogout } from '../../src/refine';

declare const webAuth: WebAuth;
const returnTo = 'https://app.example.com/';

// auth0.js's shape, every known option.
void webAuth.logout({ returnTo, federated: true, clientID: 'x', client_id: 'x', return_to: returnTo, openUrl: false, redirectMethod: 'replace' });
void webAuth.logout(returnTo);
void webAuth.logout();
buildLogoutUrl({ domain: 'me.auth0.com', clientID: 'x' }, { returnTo });

// A misspelled option is a compile error, not a silently lost return URL.
// @ts-expect-error retrunTo is not an option
void webAuth.logout({ retrunTo: returnTo });
// @ts-expect-error federate is not an option
void webAuth.logout({ federate: true });
// @ts-expect-error returnTo takes a string
void webAuth.logout({ returnTo: new URL(returnTo) });
// @ts-expect-error redirectMethod is assign or replace
void webAuth.logout({ redirectMethod: 'reload' });
// @ts-expect-error clientId is auth0-spa-js's spelling in logout; the constructor takes clientID
void new WebAuth({ domain: 'me.auth0.com', clientId: 'x' });
// @ts-expect-error misspelled in refine's defaults too
refineLogout(webAuth, { retrunTo: returnTo });

// auth0-spa-js 2.x's shape, and the one spelling for any other /v2/logout parameter.
void webAuth.logout({ clientId: null, logoutParams: { returnTo, federated: true } });
void webAuth.logout({ clientId: 'other', logoutParams: { returnTo, screen_hint: 'goodbye', anything: 1 } });
// @ts-expect-error federated in logoutParams is a boolean, as in auth0-spa-js
void webAuth.logout({ logoutParams: { federated: 'yes' } });
expectTypeOf<LogoutParams>().toHaveProperty('returnTo').toEqualTypeOf<string | undefined>();
expectTypeOf<LogoutOptions['logoutParams']>().toEqualTypeOf<LogoutParams | undefined>();

// The error type and its cross-copy check.
declare const caught: unknown;
if (WebAuthError.is(caught)) expectTypeOf(caught.code).toEqualTypeOf<WebAuthError['code']>();
expectTypeOf(webAuth.logout).returns.toEqualTypeOf<Promise<void>>();

// The lifecycle: options on every logout method, the return trip and the popups.
void webAuth.logout({ returnTo, revokeRefreshToken: 'token', revokeTimeoutMs: 2000, redirectTarget: 'top' });
void oidcLogout(webAuth, { postLogoutRedirectUri: returnTo, httpMethod: 'POST' });
void new WebAuth({ domain: 'me.auth0.com', clientID: 'x', redirectTarget: 'top' });
// @ts-expect-error redirectTarget is self or top
void webAuth.logout({ redirectTarget: 'parent' });
// @ts-expect-error httpMethod is GET or POST
void oidcLogout(webAuth, { httpMethod: 'post' });
// @ts-expect-error a refresh token is a string
void webAuth.logout({ revokeRefreshToken: true });
expectTypeOf(handleLogoutReturn(webAuth)).toEqualTypeOf<Promise<LogoutReturn | undefined>>();
expectTypeOf(logoutWithPopup(webAuth, { returnTo, timeoutMs: 30_000 })).toEqualTypeOf<Promise<LogoutReturn>>();
void oidcLogoutWithPopup(webAuth, { postLogoutRedirectUri: returnTo, httpMethod: 'POST' });
// @ts-expect-error a popup does not navigate the page: no openUrl
void logoutWithPopup(webAuth, { returnTo, openUrl: false });
expectTypeOf<LogoutEvent['phase']>().toEqualTypeOf<'started' | 'completed' | 'abandoned'>();
expectTypeOf<LogoutReturn['endpoint']>().toEqualTypeOf<'v2' | 'oidc'>();
expectTypeOf(refinePopupLogout(webAuth, returnTo, { redirectTo: '/login' })).returns.resolves.toMatchTypeOf<{ success: boolean; redirectTo?: string }>();
