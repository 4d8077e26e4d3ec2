/** Types for request-log.mjs, so the TypeScript tests can import it. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LoggedRequest {
  method: string;
  /** Absolute: the server's base URL and the request target. */
  url: string;
  /** 0 until the answer has been sent. */
  status: number;
  /** `Sec-Fetch-Dest`: `document` for a navigation. */
  dest: string | undefined;
}

export function logRequest(log: LoggedRequest[], baseUrl: string, req: IncomingMessage, res: ServerResponse): void;
