/**
 * What strict TypeScript accepts and refuses, checked by `tsc` in `npm test`
 * (`npm run lint`): every `@ts-expect-error` below must still be an error,
 * or the compile fails.
 */
import { expectTypeOf } from 'vitest';
import { WebAuth, WebAuthError, buildLogoutUrl, type LogoutOptions, type LogoutParams } from '../../src/index';
import { refineLogout } from '../../src/refine';

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
