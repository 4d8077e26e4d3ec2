// The script-tag bundle's global `auth0`: everything the package exports, entry points included.
export * from './index';
