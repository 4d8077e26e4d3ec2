export interface App {
  label: string;
  pkg: string;
  source: string;
}
export declare const BASELINE_APP: string;
export declare const APPS: Record<'webAuth' | 'returnTrip' | 'popup' | 'idle' | 'buildLogoutUrl' | 'auth0js' | 'spa' | 'spaLatest' | 'keycloak' | 'oidcClientTs', App>;
export declare function versionOf(pkg: string): string;
