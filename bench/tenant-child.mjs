// Runs the local tenant in its own process, so the load generator (autocannon,
// in the parent) does not share an event loop with the server it measures.
// Usage: node bench/tenant-child.mjs <module path> <config JSON>
// Prints one JSON line { url } once listening; exits when stdin closes or on SIGTERM.
import { pathToFileURL } from 'node:url';

const [modulePath, configJson] = process.argv.slice(2);
const { startTenant } = await import(pathToFileURL(modulePath).href);
const tenant = await startTenant({ port: 0, host: '127.0.0.1', config: JSON.parse(configJson) });
process.stdout.write(`${JSON.stringify({ url: tenant.url, port: tenant.port })}\n`);

let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  const timer = setTimeout(() => process.exit(0), 2000);
  timer.unref();
  try {
    await tenant.close();
  } finally {
    process.exit(0);
  }
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
