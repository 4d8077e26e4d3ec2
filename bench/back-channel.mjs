// webauth-logout/back-channel under load: how many event streams one Node
// process holds, the memory each costs, and how long a logout token takes
// from its POST to the last matching stream's `logout` event, with every
// stream open. Two set-ups: one process (memoryStore) and two processes over
// one Redis (redisStore; the streams split between them, the tokens posted
// to the first).
//
//   node bench/back-channel.mjs          (after npm run build; also part of npm run bench)
//   BENCH_BC_STREAMS=2000 node bench/back-channel.mjs   (a lighter run)
//
// Everything listens on 127.0.0.1; every phase has a deadline, and every
// process it starts (servers, redis-server) is stopped at the end. The
// servers are the Redis tests' fixture (test/back-channel/fixtures/server-process.mjs)
// started through `bash -c 'ulimit -n …'` so they may hold more sockets than
// the default open-file limit; the streams are raw sockets in a driver
// process started the same way.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { log } from './lib/progress.mjs';
import { at } from './subjects.mjs';

export const BACK_CHANNEL = {
  streams: Number(process.env.BENCH_BC_STREAMS ?? 10_000),
  /** Streams per user: a token with only a `sub` ends this many streams. */
  perUser: 10,
  /** Timed tokens per set-up: half name one session (`sid`), half a user (`sub`, {@link perUser} streams). */
  samples: 60,
  /** Connections opened at once while filling up. */
  openBatch: 250,
  /** The whole measurement of one set-up gives up after this. */
  deadlineMs: 240_000,
};

const FIXTURE = at('test/back-channel/fixtures/server-process.mjs');
const AUDIENCE = 'bench-client';
const percentile = (values, p) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The open-file limit the bench's own processes may raise themselves to. */
function fileLimit() {
  const hard = spawnSync('bash', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).stdout.trim();
  return hard === 'unlimited' ? 65_536 : Math.min(65_536, Number(hard) || 1024);
}

/** Runs `node args…` through bash with the open-file limit raised; IPC to it when `ipc`. */
function spawnNode(args, { ipc = false } = {}) {
  const limit = fileLimit();
  return spawn('bash', ['-c', `ulimit -n ${limit} 2>/dev/null; exec "$0" "$@"`, process.execPath, ...args], {
    stdio: ['ignore', 'pipe', 'inherit', ...(ipc ? ['ipc'] : [])],
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startRedis() {
  if (spawnSync('redis-server', ['--version']).status !== 0) return undefined;
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxclients', '1000'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start within 20 s')), 20_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => reject(new Error('redis-server exited')));
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.disconnect();
    child.kill('SIGTERM');
  });
}

async function startServer(config) {
  const child = spawnNode([FIXTURE, JSON.stringify(config)], { ipc: true });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not listen within 30 s')), 30_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  return { port, url: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

const stats = async (server) => (await fetch(`${server.url}/stats`)).json();

/**
 * One event stream as a raw socket: resolves `opened` once the response's
 * first block (its `id:`) arrived, and calls `onLogout` when its `logout`
 * event does.
 */
function openStream(port, sid, sub, onLogout) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
    let seen = '';
    let opened = false;
    let done = false;
    socket.setEncoding('latin1');
    socket.on('connect', () => socket.write(`GET /events?sid=${sid}&sub=${sub} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`));
    socket.on('data', (chunk) => {
      if (done) return;
      seen = (seen + chunk).slice(-4096);
      if (!opened && /\nid: \d+-\d+\n/.test(seen)) {
        opened = true;
        resolve(socket);
      }
      if (opened && seen.includes('event: logout')) {
        done = true;
        onLogout(performance.now());
        socket.destroy();
      }
    });
    socket.on('error', (error) => (opened ? undefined : reject(error)));
    socket.on('close', () => (opened ? undefined : reject(new Error('closed before opening'))));
  });
}

/** The driver: everything for one set-up, in a process of its own with the open-file limit raised. Prints one JSON line. */
async function drive({ mode, streams: target }) {
  const { generateKeyPair, exportJWK, SignJWT } = await import('jose');
  const { serve } = await import('@hono/node-server');
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  const jwks = await new Promise((resolve) => {
    const server = serve({ hostname: '127.0.0.1', port: 0, fetch: () => Response.json({ keys: [jwk] }) }, (info) => resolve({ server, port: info.port }));
  });
  const issuer = `http://127.0.0.1:${jwks.port}/`;
  const redis = mode === 'redis' ? await startRedis() : undefined;
  if (mode === 'redis' && !redis) return { skipped: 'redis-server is not installed' };
  const config = { issuer, audience: AUDIENCE, jwksUri: `${issuer}.well-known/jwks.json`, ...(redis ? { redisUrl: redis.url } : {}) };
  const servers = await Promise.all((mode === 'redis' ? [1, 2] : [1]).map(() => startServer(config)));
  const deadline = Date.now() + BACK_CHANNEL.deadlineMs;
  const sockets = new Set();
  /** Waiters by stream id. */
  const waiting = new Map();
  let serial = 0;
  const open = (user) => {
    const id = `s${serial++}`;
    const server = servers[serial % servers.length];
    return openStream(server.port, id, `u${user}`, (at) => waiting.get(id)?.(at)).then((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      return { id, user };
    });
  };
  const sign = (claims) =>
    new SignJWT({ events: { 'http://schemas.openid.net/event/backchannel-logout': {} }, jti: crypto.randomUUID(), ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'bench', typ: 'logout+jwt' })
      .setIssuer(issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
  const result = { mode, processes: servers.length, target, opened: 0, failedToOpen: 0 };
  try {
    // Warm up: one accepted token, one stream, so the baseline memory includes the code paths.
    const warm = await open(-1);
    await fetch(`${servers[0].url}/backchannel-logout`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ logout_token: await sign({ sid: warm.id }) }) });
    await sleep(500);
    globalThis.gc?.();
    const before = await Promise.all(servers.map(stats));

    const users = Math.ceil(target / BACK_CHANNEL.perUser);
    const streamsOf = new Map();
    const started = performance.now();
    for (let next = 0; next < target && Date.now() < deadline; next += BACK_CHANNEL.openBatch) {
      const batch = Array.from({ length: Math.min(BACK_CHANNEL.openBatch, target - next) }, (_, i) => (next + i) % users);
      const outcomes = await Promise.allSettled(batch.map((user) => open(user)));
      for (const outcome of outcomes) {
        if (outcome.status === 'fulfilled') {
          result.opened++;
          const list = streamsOf.get(outcome.value.user) ?? [];
          list.push(outcome.value.id);
          streamsOf.set(outcome.value.user, list);
        } else result.failedToOpen++;
      }
    }
    result.openSeconds = (performance.now() - started) / 1000;
    await sleep(1000);
    const after = await Promise.all(servers.map(stats));
    result.listeners = after.map((s) => s.listeners);
    result.rssBeforeMB = before.reduce((sum, s) => sum + s.rss, 0) / 2 ** 20;
    result.rssAfterMB = after.reduce((sum, s) => sum + s.rss, 0) / 2 ** 20;
    result.bytesPerStream = (after.reduce((sum, s) => sum + s.rss, 0) - before.reduce((sum, s) => sum + s.rss, 0)) / Math.max(1, result.opened);

    // Latency: tokens signed beforehand; each POST is timed to the last matching stream's event, then the ended streams are replaced.
    const latencies = { sid: [], sub: [] };
    let user = 0;
    for (let sample = 0; sample < BACK_CHANNEL.samples && Date.now() < deadline; sample++) {
      const kind = sample % 2 ? 'sub' : 'sid';
      while (!streamsOf.get(user % users)?.length) user++;
      const owner = user++ % users;
      const ids = kind === 'sid' ? [streamsOf.get(owner)[0]] : [...streamsOf.get(owner)];
      const token = await sign(kind === 'sid' ? { sid: ids[0], sub: `u${owner}` } : { sub: `u${owner}` });
      const arrivals = ids.map((id) => new Promise((resolve) => waiting.set(id, resolve)));
      const timeout = sleep(30_000).then(() => 'timeout');
      const t0 = performance.now();
      const response = await fetch(`${servers[0].url}/backchannel-logout`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ logout_token: token }) });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`the logout endpoint answered ${response.status}`);
      const last = await Promise.race([Promise.all(arrivals).then((times) => Math.max(...times)), timeout]);
      if (last === 'timeout') throw new Error(`a ${kind} logout did not reach its ${ids.length} stream(s) within 30 s`);
      latencies[kind].push(last - t0);
      for (const id of ids) waiting.delete(id);
      // Keep the count: replace the ended streams.
      const remaining = streamsOf.get(owner).filter((id) => !ids.includes(id));
      const replacements = await Promise.all(ids.map(() => open(owner)));
      streamsOf.set(owner, [...remaining, ...replacements.map((r) => r.id)]);
    }
    for (const kind of ['sid', 'sub']) {
      result[kind] = { samples: latencies[kind].length, p50: percentile(latencies[kind], 50), p99: percentile(latencies[kind], 99), max: Math.max(...latencies[kind]) };
    }
    result.openAtEnd = sockets.size;
  } catch (error) {
    result.error = String(error?.message ?? error);
  } finally {
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((server) => server.stop()));
    await redis?.stop();
    jwks.server.close();
  }
  return result;
}

/** Runs the driver for one set-up in a process with the open-file limit raised. */
function runDriver(mode, streams) {
  return new Promise((resolve) => {
    const child = spawnNode([fileURLToPath(import.meta.url), '--driver', JSON.stringify({ mode, streams })]);
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), BACK_CHANNEL.deadlineMs + 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()));
      } catch {
        resolve({ mode, error: `the driver exited (${code}) without a result` });
      }
    });
  });
}

export async function measureBackChannel() {
  if (!existsSync(at('dist/back-channel.mjs'))) return { skipped: 'dist/back-channel.mjs is missing (run npm run build)' };
  const streams = BACK_CHANNEL.streams;
  log(`back-channel: ${streams} event streams, one process (memoryStore)`);
  const memory = await runDriver('memory', streams);
  log(`back-channel: ${streams} event streams, two processes over Redis (redisStore)`);
  const redis = await runDriver('redis', streams);
  return { streams, perUser: BACK_CHANNEL.perUser, samples: BACK_CHANNEL.samples, fileLimit: fileLimit(), memory, redis };
}

const f = (value, digits = 0) => (Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');

/** The back-channel table (markdown). */
export function backChannelTable(backChannel) {
  if (!backChannel || backChannel.skipped) return `Back-channel logout: skipped${backChannel?.skipped ? `: ${backChannel.skipped}` : ''}.`;
  const column = (r) => {
    if (r.skipped) return Array(6).fill(`skipped: ${r.skipped}`);
    if (r.error && !r.sid) return [`error: ${r.error}`, '–', '–', '–', '–', '–'];
    return [
      `${f(r.opened)} of ${f(r.target)}${r.failedToOpen ? ` (${f(r.failedToOpen)} refused)` : ''}`,
      `${f(r.bytesPerStream / 1024, 1)} KiB`,
      `${f(r.rssBeforeMB)} → ${f(r.rssAfterMB)} MiB`,
      `${f(r.sid?.p50, 1)} / ${f(r.sid?.p99, 1)} ms (${r.sid?.samples ?? 0})`,
      `${f(r.sub?.p50, 1)} / ${f(r.sub?.p99, 1)} ms (${r.sub?.samples ?? 0})`,
      `${f(r.openSeconds, 1)} s`,
    ];
  };
  const memory = column(backChannel.memory);
  const redis = column(backChannel.redis);
  const labels = [
    'Event streams held open',
    'Server memory per stream (RSS delta / streams)',
    'Server RSS, before → after opening the streams',
    'POST → `logout` on the stream, `sid` token, p50 / p99 (samples)',
    `POST → \`logout\` on the last of ${backChannel.perUser} streams, \`sub\` token, p50 / p99 (samples)`,
    'Time to open every stream',
  ];
  const rows = labels.map((label, i) => [label, memory[i], redis[i]]);
  const header = ['Back-channel logout, all streams open', 'One process, `memoryStore`', 'Two processes, `redisStore`'];
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

if (process.argv[2] === '--driver') {
  const result = await drive(JSON.parse(process.argv[3]));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Alone: measure, print, and store the figures in bench/results.json beside the others.
  const backChannel = await measureBackChannel();
  const table = backChannelTable(backChannel);
  console.log(table);
  const file = at('bench/results.json');
  const results = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  results.backChannel = { date: new Date().toISOString(), node: process.version, ...backChannel, table };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log('Wrote bench/results.json (backChannel)');
}
