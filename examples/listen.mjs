/**
 * Starts `server` on `host:port` (port 0: any free one) and resolves with its
 * base URL, an IPv6 host in brackets; rejects if the port cannot be had.
 *
 * @param {import('node:http').Server} server
 * @param {{ port: number, host: string }} address
 * @returns {Promise<string>}
 */
export async function listen(server, { port, host }) {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return `http://${host.includes(':') ? `[${host}]` : host}:${server.address().port}`;
}
