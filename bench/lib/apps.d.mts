export interface App {
  label: string;
  pkg: string;
  source: string;
  /** The same app without the SDK, when it is not {@link BASELINE_APP} (the refine app's). */
  baseline?: string;
  /** Packages the app resolves besides the SDK (a refine app's React and refine). */
  packages?: readonly string[];
}
export declare const BASELINE_APP: string;
export declare const REFINE_BASELINE_APP: string;
export declare const REFINE_APP_PACKAGES: readonly string[];
export declare const APPS: Record<'webAuth' | 'returnTrip' | 'popup' | 'idle' | 'buildLogoutUrl' | 'refine' | 'auth0js' | 'spa' | 'spaLatest' | 'keycloak' | 'oidcClientTs', App>;
export declare function versionOf(pkg: string): string;
