/**
 * auth0.js's rule for `federated`: any value but `undefined`, `false` and the
 * string `'false'` asks to log out of the identity provider. The server reads
 * the mere presence of the key that way, so a false value must leave it out.
 */
export function isFederated(value: unknown): boolean {
  return value !== undefined && value !== false && value !== 'false';
}

/**
 * `rootUrl/path?query`, with `federated` appended as a bare key (Auth0 reads
 * its presence, not its value) and no dangling `?` when there is no query.
 */
export function endpointUrl(rootUrl: string, path: string, query: string, federated: boolean): string {
  const fullQuery = federated ? `${query}${query && '&'}federated` : query;
  return `${rootUrl}/${path}${fullQuery && '?'}${fullQuery}`;
}
