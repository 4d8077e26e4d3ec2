export { WebAuth } from './core/WebAuth';
export { buildLogoutUrl } from './core/logoutUrl';
export { buildOidcLogoutUrl } from './core/oidcLogoutUrl';
export { WebAuthError, type WebAuthErrorCode } from './errors/WebAuthError';
export { isAllowedLogoutUrl, type LogoutEndpoint } from './utils/allowedLogoutUrl';
export { version } from './version';
export type {
  FederatedValue,
  LogoutEvent,
  LogoutListener,
  LogoutOptions,
  LogoutParams,
  NavigationOptions,
  OidcLogoutOptions,
  OpenUrl,
  RedirectMethod,
  TelemetryInfo,
  WebAuthOptions,
} from './types/options';
