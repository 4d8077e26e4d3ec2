/**
 * Whatever an app hands over, the answer is a `WebAuthError` with a code, or
 * a URL: never a `RangeError` or `TypeError` from inside, and never a
 * navigation or an announcement after a refusal. Messages stay short and
 * never repeat a token, since refine shows them to end users.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { WebAuth, WebAuthError, buildLogoutUrl, onLogout, buildOidcLogoutUrl, type OpenUrl } from '../../../src/index';
import { thrownBy } from '../../helpers/thrown';

const tenant = { domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false };

function cyclic(): Record<string, unknown> {
  const value: Record<string, unknown> = { a: 1 };
  value.self = value;
  return value;
}

function deep(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let level = 0; level < levels; level++) value = { next: value };
  return value;
}

const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};

const throwingGetter = () => Object.defineProperty({}, 'returnTo', { enumerable: true, get: () => { throw new TypeError('getter'); } });


function expectWebAuthError(error: unknown, code?: string): void {
  expect(error).toBeInstanceOf(WebAuthError);
  expect((error as WebAuthError).code).toEqual(code ?? expect.any(String));
  expect((error as WebAuthError).message.length).toBeLessThan(300);
}

let openUrl: Mock<OpenUrl>;
let announced: unknown[];
let stopListening: () => void;
beforeEach(() => {
  openUrl = vi.fn<OpenUrl>();
  announced = [];
  stopListening = onLogout(new WebAuth(tenant), (event) => announced.push(event));
});
afterEach(() => stopListening());

describe('call options that cannot be read or serialized', () => {
  const cases: Array<[string, () => unknown]> = [
    ['a cyclic value', () => ({ returnTo: 'https://app.example.com/', extra: cyclic() })],
    ['a 10,000-deep value', () => ({ extra: deep(10_000) })],
    ['a cycle through an array', () => ({ extra: [cyclic()] })],
    ['a 10,000-deep array', () => ({ extra: JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)) })],
    ['a getter that throws', throwingGetter],
    ['a revoked Proxy', revoked],
    ['a Proxy whose ownKeys trap throws', () => new Proxy({}, { ownKeys: () => { throw new TypeError('trap'); } })],
  ];

  it.each(cases)('%s: buildLogoutUrl and the standalone builder throw a WebAuthError', (_, options) => {
    expectWebAuthError(thrownBy(() => new WebAuth(tenant).buildLogoutUrl(options() as never)));
    expectWebAuthError(thrownBy(() => buildLogoutUrl(tenant, options() as never)));
  });

  it.each(cases)('%s: logout rejects with a WebAuthError, announces nothing and does not navigate', async (_, options) => {
    const error = await new WebAuth({ ...tenant, openUrl }).logout(options() as never).catch((rejected: unknown) => rejected);
    expectWebAuthError(error);
    expect(openUrl).not.toHaveBeenCalled();
    expect(announced).toEqual([]);
  });
});

describe('constructor options that cannot be read or serialized', () => {
  const cases: Array<[string, () => unknown, string]> = [
    ['_telemetryInfo with a BigInt', () => ({ ...tenant, _sendTelemetry: true, _telemetryInfo: { name: 'a', version: '1', n: 1n } }), 'invalid_option'],
    ['_telemetryInfo with a throwing toJSON', () => ({ ...tenant, _sendTelemetry: true, _telemetryInfo: { name: 'a', version: '1', x: { toJSON: () => { throw new Error('no'); } } } }), 'invalid_option'],
    ['_telemetryInfo that is cyclic', () => ({ ...tenant, _sendTelemetry: true, _telemetryInfo: { name: 'a', version: '1', loop: cyclic() } }), 'invalid_option'],
    ['_telemetryInfo.env that is a string', () => ({ ...tenant, _sendTelemetry: true, _telemetryInfo: { name: 'a', version: '1', env: 'x' } }), 'invalid_option'],
    ['allowedLogoutUrls with a number', () => ({ ...tenant, allowedLogoutUrls: ['https://app.example.com/', 1] }), 'invalid_option'],
    ['allowedLogoutUrls with a hole', () => ({ ...tenant, allowedLogoutUrls: [, 'https://app.example.com/'] }), 'invalid_option'],
    ['a revoked Proxy', revoked, 'invalid_options'],
    ['a domain getter that throws', () => Object.defineProperty({ clientID: 'abc' }, 'domain', { enumerable: true, get: () => { throw new Error('x'); } }), 'invalid_options'],
  ];

  it.each(cases)('%s: new WebAuth and the standalone builder throw a WebAuthError coded %s', (_, options, code) => {
    expectWebAuthError(thrownBy(() => new WebAuth(options() as never)), code);
    expectWebAuthError(thrownBy(() => buildLogoutUrl(options() as never)), code);
  });

  it('onLogout refuses a listener that is not a function', () => {
    expectWebAuthError(thrownBy(() => onLogout(new WebAuth(tenant), 'not a function' as never)), 'invalid_option');
  });
});

describe('messages', () => {
  it('never repeat an ID token, even a malformed one', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0';
    const error = thrownBy(() => buildOidcLogoutUrl(tenant, { idTokenHint: token }));
    expectWebAuthError(error, 'invalid_option');
    expect((error as Error).message).not.toContain(token);
    expect((error as Error).message).not.toContain(token.slice(0, 12));
    expect((error as Error).message).toContain(`a string of ${token.length} characters`);
  });

  it('cut an echoed value to a readable length, whatever its size', () => {
    const huge = `javascript:${'a'.repeat(1_000_000)}`;
    for (const run of [
      () => new WebAuth(tenant).buildLogoutUrl({ returnTo: huge }),
      () => new WebAuth({ ...tenant, allowedLogoutUrls: [] }).buildLogoutUrl({ returnTo: `https://app.example.com/${'a'.repeat(1_000_000)}` }),
      () => new WebAuth({ domain: huge, clientID: 'abc' }),
      () => buildOidcLogoutUrl(tenant, { [`x${'a'.repeat(1_000_000)}`]: 1 } as never),
    ]) {
      const error = thrownBy(run) as Error;
      expectWebAuthError(error);
      expect(error.message).toMatch(/…/);
    }
  });
});

describe('methods without their instance', () => {
  it('refuse with invalid_instance, announcing nothing, when taken off their instance or called on another object', async () => {
    const { logout, buildLogoutUrl: build } = new WebAuth({ ...tenant, openUrl });
    expectWebAuthError(thrownBy(() => build('https://app.example.com/')), 'invalid_instance');
    expectWebAuthError(await logout('https://app.example.com/').catch((error: unknown) => error), 'invalid_instance');
    expect(openUrl).not.toHaveBeenCalled();
    const lookAlike = { config: { clientID: 'x' }, navigation: {} };
    expectWebAuthError(thrownBy(() => WebAuth.prototype.buildLogoutUrl.call(lookAlike)), 'invalid_instance');
    expectWebAuthError(thrownBy(() => onLogout(undefined as never, () => undefined)), 'invalid_instance');
    expectWebAuthError(await WebAuth.prototype.logout.call(Object.create(WebAuth.prototype)).catch((error: unknown) => error), 'invalid_instance');
    expect(announced).toEqual([]);
  });
});
