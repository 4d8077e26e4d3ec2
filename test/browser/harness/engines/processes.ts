/**
 * The helper processes the WebKit engine starts itself: an X server when
 * there is no display (MiniBrowser has no headless mode) and WebKitWebDriver.
 * Each runs in its own process group, so stopping it also stops what it
 * started (the driver's MiniBrowser); a test worker that exits without
 * closing still takes them down.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';

export interface Started {
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/** The processes whose parent is `pid` (Linux /proc). */
async function childrenOf(pid: number): Promise<number[]> {
  const entries = await readdir('/proc').catch(() => []);
  const children: number[] = [];
  for (const entry of entries.filter((name) => /^\d+$/.test(name))) {
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the parenthesized command name: state, then the parent's pid.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === pid) children.push(Number(entry));
  }
  return children;
}

function track(child: ChildProcess): Started {
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  return {
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // A browser that was just told to quit is let go and reaped by its own parent (the driver) before the driver is stopped.
      for (let waited = 0; waited < 5_000 && (await childrenOf(child.pid!)).length > 0; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Collects a child's stderr, so a failed start can say why. */
function stderrOf(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    text = (text + chunk).slice(-2_000);
  });
  return () => text.trim();
}

/** Starts Xvfb on a display it picks itself (`-displayfd`), so parallel test files never collide. */
export async function startXvfb(xvfb: string): Promise<Started & { display: string }> {
  const child = spawn(xvfb, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const started = track(child);
  const stderr = stderrOf(child);
  const display = await new Promise<string>((resolve, reject) => {
    let written = '';
    (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8');
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: string) => {
      written += chunk;
      if (written.includes('\n')) resolve(`:${written.trim()}`);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready: ${stderr()}`)));
  });
  return { ...started, display };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts WebKitWebDriver on a free port with `DISPLAY` set for it (and its browsers) only; resolves with its URL once it answers. */
export async function startWebKitDriver(driver: string, display: string | undefined): Promise<Started & { url: string }> {
  const port = await freePort();
  // A session left behind by a failed quit must not block the next test's: a new session replaces it.
  const child = spawn(driver, [`--port=${port}`, '--host=127.0.0.1', '--replace-on-new-session'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
    env: display === undefined ? process.env : { ...process.env, DISPLAY: display },
  });
  const started = track(child);
  const stderr = stderrOf(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited (${child.exitCode}) before it was ready: ${stderr()}`);
    const ready = await fetch(`${url}/status`).then((response) => response.ok, () => false);
    if (ready) return { ...started, url };
    if (Date.now() > deadline) {
      await started.stop();
      throw new Error(`WebKitWebDriver did not answer on ${url} within 30 s: ${stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
