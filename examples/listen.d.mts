/** Types for listen.mjs, so the TypeScript tests can import it. */
import type { Server } from 'node:http';

export function listen(server: Server, address: { port: number; host: string }): Promise<string>;
