/**
 * auth0-spa-js 2.x's logout shape, `{ clientId, logoutParams }`, works as it
 * does there, so an app can move from either SDK; `logoutParams` is also the
 * one place for any other `/v2/logout` parameter in TypeScript.
 */
import { describe, expect, it } from 'vitest';
import { WebAuth } from '../../src/index';

const webAuth = new WebAuth({ domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false });
const base = 'https://me.auth0.com/v2/logout';
const returnTo = 'https://app.example.com/';

describe('logout({ clientId, logoutParams })', () => {
  it.each([
    ['logoutParams.returnTo', { logoutParams: { returnTo } }, `${base}?client_id=abc&returnTo=${encodeURIComponent(returnTo)}`],
    ['a truthy federated, sent last and bare', { logoutParams: { federated: true, returnTo } }, `${base}?client_id=abc&returnTo=${encodeURIComponent(returnTo)}&federated`],
    ['federated false, left out', { logoutParams: { federated: false } }, `${base}?client_id=abc`],
    ['clientId overrides the client ID', { clientId: 'other', logoutParams: {} }, `${base}?client_id=other`],
    ['clientId null leaves client_id out', { clientId: null, logoutParams: { returnTo } }, `${base}?returnTo=${encodeURIComponent(returnTo)}`],
    ['an empty clientId means the instance\'s', { clientId: '', logoutParams: {} }, `${base}?client_id=abc`],
    ['other parameters, as written (not snake_cased)', { logoutParams: { screenHint: 'bye', ui_locales: 'fr' } }, `${base}?client_id=abc&screenHint=bye&ui_locales=fr`],
  ])('%s', (_, options, url) => {
    expect(webAuth.buildLogoutUrl(options as never)).toBe(url);
  });

  it('clientId null also works in the auth0.js shape', () => {
    expect(webAuth.buildLogoutUrl({ clientId: null, returnTo })).toBe(`${base}?returnTo=${encodeURIComponent(returnTo)}`);
  });

  it('checks the return URL and client ID it carries', () => {
    expect(() => webAuth.buildLogoutUrl({ logoutParams: { returnTo: 'javascript:alert(1)' } })).toThrow(expect.objectContaining({ code: 'invalid_return_to' }));
    expect(() => webAuth.buildLogoutUrl({ logoutParams: { client_id: '' } })).toThrow(expect.objectContaining({ code: 'invalid_client_id' }));
    expect(() => webAuth.buildLogoutUrl({ clientId: 42 as never, logoutParams: {} })).toThrow(expect.objectContaining({ code: 'invalid_client_id' }));
    expect(() => webAuth.buildLogoutUrl({ logoutParams: 'x' as never })).toThrow(expect.objectContaining({ code: 'invalid_option' }));
  });

  it('refuses a parameter beside logoutParams instead of guessing which one wins', () => {
    expect(() => webAuth.buildLogoutUrl({ returnTo, logoutParams: { returnTo } })).toThrow(/returnTo must go inside logoutParams/);
  });
});
