// @vitest-environment node
/**
 * Apps test their logout with Jest and jest-environment-jsdom: the installed
 * package must load and work there (jsdom's globals, CommonJS through the
 * `exports` map), with telemetry on, as in production.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, DOMAIN, FEDERATED_OPTIONS, RETURN_TO, TELEMETRY_INFO, URL_FEDERATED, URL_RETURN_TO, telemetryUrl } from './expected-urls';
import { ROOT, useInstalledApp } from './installed-app';

const JEST_BIN = path.join(ROOT, 'node_modules/jest/bin/jest.js');
const JEST_CONFIG = `module.exports = {
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/__tests__/*.test.js'],
  transform: {},
  cacheDirectory: '<rootDir>/.jest-cache',
  watchman: false,
};
`;

function jestTestFile(expectedTelemetryUrl: string): string {
  const j = JSON.stringify;
  return `const { WebAuth, WebAuthError } = require('webauth-logout');

const config = { domain: ${j(DOMAIN)}, clientID: ${j(CLIENT_ID)} };
const withTelemetry = () => new WebAuth({ ...config, _telemetryInfo: ${j(TELEMETRY_INFO)} });

test('builds /v2/logout URLs byte for byte', () => {
  const webAuth = new WebAuth({ ...config, _sendTelemetry: false });
  expect(webAuth.buildLogoutUrl(${j(RETURN_TO)})).toBe(${j(URL_RETURN_TO)});
  expect(webAuth.buildLogoutUrl(${j(FEDERATED_OPTIONS)})).toBe(${j(URL_FEDERATED)});
});

test('sends a non-ASCII _telemetryInfo as UTF-8 in auth0Client', () => {
  expect(withTelemetry().buildLogoutUrl(${j(RETURN_TO)})).toBe(${j(expectedTelemetryUrl)});
});

test('logout hands the URL to openUrl', async () => {
  const openUrl = jest.fn();
  await withTelemetry().logout({ returnTo: ${j(RETURN_TO)}, openUrl });
  expect(openUrl).toHaveBeenCalledTimes(1);
  expect(openUrl).toHaveBeenCalledWith(${j(expectedTelemetryUrl)});
});

test('logout rejects a javascript: returnTo before navigating', async () => {
  const openUrl = jest.fn();
  const error = await withTelemetry().logout({ returnTo: 'javascript:alert(1)', openUrl }).then(() => 'resolved', (e) => e);
  expect(error).toBeInstanceOf(WebAuthError);
  expect(error.code).toBe('invalid_return_to');
  expect(openUrl).not.toHaveBeenCalled();
});
`;
}
const JEST_TEST_COUNT = 4;

describe('Jest 30 + jest-environment-jsdom, in the app', () => {
  const installedApp = useInstalledApp();

  it(`runs the app's ${JEST_TEST_COUNT} tests green`, () => {
    const { dir } = installedApp();
    const sdkVersion = JSON.parse(readFileSync(path.join(dir, 'node_modules/webauth-logout/package.json'), 'utf8')).version;
    mkdirSync(path.join(dir, '__tests__'), { recursive: true });
    writeFileSync(path.join(dir, 'jest.config.js'), JEST_CONFIG);
    writeFileSync(path.join(dir, '__tests__/logout.test.js'), jestTestFile(telemetryUrl(sdkVersion)));
    const reportFile = path.join(dir, 'jest-report.json');

    const run = spawnSync(
      process.execPath,
      [JEST_BIN, '--rootDir', dir, '--config', path.join(dir, 'jest.config.js'), '--ci', '--json', '--outputFile', reportFile],
      { cwd: dir, env: { ...process.env, CI: 'true' }, encoding: 'utf8', timeout: 110_000 },
    );

    expect(run.status, `jest exited ${run.status}:\n${run.stderr}`).toBe(0);
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect({ passed: report.numPassedTests, failed: report.numFailedTests }).toEqual({ passed: JEST_TEST_COUNT, failed: 0 });
  }, 120_000);
});
