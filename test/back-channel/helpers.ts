/**
 * What the back-channel tests share: a local issuer (a JWKS served by Hono on
 * 127.0.0.1 and logout tokens signed with jose), a store that records what
 * was published, and a reader of Server-Sent Events.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { memoryStore } from '../../src/back-channel/memoryStore';
import type { BackChannelStore, EndedSession } from '../../src/back-channel/store';

export const AUDIENCE = 'app-client-id';
export const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

export async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

/** An issuer on 127.0.0.1: serves /.well-known/jwks.json with the keys it is given, or 503 while `up` is false. */
export interface LocalIssuer {
  url: string;
  /** The `iss` of its tokens: its URL with a trailing slash, as Auth0 writes it. */
  issuer: string;
  jwksUri: string;
  keys: JWK[];
  up: boolean;
  /** How many times the JWKS was asked for. */
  fetches: number;
  close(): Promise<void>;
}

export async function startIssuer(keys: SigningKey[]): Promise<LocalIssuer> {
  const app = new Hono();
  const state = { keys: keys.map((key) => key.jwk), up: true, fetches: 0 };
  app.get('/.well-known/jwks.json', (c) => {
    state.fetches++;
    if (!state.up) return c.text('down', 503);
    return c.json({ keys: state.keys });
  });
  const server: ServerType = await new Promise((resolve) => {
    const running = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(running));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    issuer: `${url}/`,
    jwksUri: `${url}/.well-known/jwks.json`,
    get keys() {
      return state.keys;
    },
    set keys(value) {
      state.keys = value;
    },
    get up() {
      return state.up;
    },
    set up(value) {
      state.up = value;
    },
    get fetches() {
      return state.fetches;
    },
    close: () =>
      new Promise<void>((resolve) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** The claims of a valid logout token from `issuer`, for a session; `overrides` replace them (`undefined` removes one). */
export function logoutClaims(issuer: string, overrides: Record<string, unknown> = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: issuer,
    aud: AUDIENCE,
    iat: now,
    exp: now + 120,
    jti: randomUUID(),
    sid: 'sid-1',
    sub: 'auth0|user-1',
    events: { [EVENT]: {} },
    ...overrides,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return claims;
}

export async function signToken(key: SigningKey, claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'logout+jwt', ...header }).sign(key.privateKey);
}

/** A POST of `body` to the logout endpoint, as the provider sends it. */
export function logoutRequest(body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }): Request {
  return new Request('https://app.example.com/backchannel-logout', {
    method: 'POST',
    headers,
    body,
    ...(typeof body === 'string' ? {} : { duplex: 'half' }),
  } as RequestInit);
}

export const tokenRequest = (token: string) => logoutRequest(new URLSearchParams({ logout_token: token }).toString());

/** A memoryStore that also records what it published. */
export function recordingStore(): BackChannelStore & { published: EndedSession[]; listenerCount: number } {
  const inner = memoryStore();
  const published: EndedSession[] = [];
  return {
    published,
    get listenerCount() {
      return inner.listenerCount;
    },
    spendJti: (key, ttl) => inner.spendJti(key, ttl),
    releaseJti: (key) => inner.releaseJti(key),
    publish: (session) => {
      published.push(session);
      return inner.publish(session);
    },
    subscribe: (from, listener) => inner.subscribe(from, listener),
    currentPosition: () => inner.currentPosition(),
  };
}

export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
  comments: string[];
}

/** Reads a Server-Sent Events body as it arrives; `next` waits for the next block (an event, or comments and fields). */
export function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ended = false;
  const blocks: SseMessage[] = [];
  const parse = (block: string): SseMessage => {
    const message: SseMessage = { comments: [] };
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) message.comments.push(line.slice(1).trim());
      else {
        const colon = line.indexOf(':');
        const field = line.slice(0, colon);
        const value = line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id' || field === 'event' || field === 'data' || field === 'retry') message[field] = value;
        else throw new Error(`unexpected SSE line ${JSON.stringify(line)}`);
      }
    }
    return message;
  };
  async function fill(): Promise<boolean> {
    if (ended) return false;
    const { done, value } = await reader.read();
    if (done) {
      ended = true;
      return false;
    }
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      blocks.push(parse(buffer.slice(0, end)));
      buffer = buffer.slice(end + 2);
    }
    return true;
  }
  return {
    /** The next block, or `undefined` when the stream ended. */
    async next(): Promise<SseMessage | undefined> {
      while (!blocks.length) if (!(await fill())) return undefined;
      return blocks.shift();
    },
    /** Every block until the stream ends. */
    async rest(): Promise<SseMessage[]> {
      const all: SseMessage[] = [];
      for (let block = await this.next(); block; block = await this.next()) all.push(block);
      return all;
    },
    get ended() {
      return ended;
    },
    cancel: () => reader.cancel().catch(() => undefined),
  };
}
