export { WebAuth } from './core/WebAuth';
export { onLogout } from './core/onLogout';
export { oidcLogout } from './core/oidcLogout';
export { handleLogoutReturn } from './core/logoutReturn';
export { watchIdle } from './core/idle';
export { watchBackChannelLogout } from './core/backChannelWatch';
export { logoutWithPopup, oidcLogoutWithPopup } from './core/popupLogout';
export { buildLogoutUrl } from './core/logoutUrl';
export { buildOidcLogoutUrl } from './core/oidcLogoutUrl';
export { WebAuthError, type WebAuthErrorCode } from './errors/WebAuthError';
export { isAllowedLogoutUrl, type LogoutEndpoint } from './utils/allowedLogoutUrl';
export { version } from './version';
export type {
  BackChannelWatch,
  BackChannelWatchOptions,
  FederatedValue,
  IdleOptions,
  IdleWatch,
  LogoutEvent,
  LogoutListener,
  LogoutOptions,
  LogoutParams,
  LogoutPhase,
  LogoutReason,
  LogoutReturn,
  NavigationOptions,
  OidcLogoutOptions,
  OpenUrl,
  PopupLogoutOptions,
  PopupOidcLogoutOptions,
  PopupOptions,
  RedirectMethod,
  RedirectTarget,
  RevocationOptions,
  TelemetryInfo,
  WebAuthOptions,
} from './types/options';
