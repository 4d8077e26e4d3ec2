/**
 * Navigation hops and tenant requests as the servers saw them: engine-neutral,
 * and complete across redirects, since every answer is logged where it is made.
 */
import type { Examples, LoggedRequest } from './examples';

export interface Hop {
  url: string;
  status: number;
}

export interface RequestWatch {
  /** Documents loaded since the watch began (redirects included), in order. */
  hops(): Hop[];
  /** Every request to the tenant since the watch began. */
  tenantRequests(): LoggedRequest[];
}

export function watchRequests(examples: Examples): RequestWatch {
  const start = examples.requests.length;
  const since = () => examples.requests.slice(start);
  return {
    hops: () => since()
      .filter((request) => request.dest === 'document')
      .map(({ url, status }) => ({ url, status })),
    tenantRequests: () => since().filter((request) => request.url.startsWith(`${examples.tenantUrl}/`)),
  };
}
