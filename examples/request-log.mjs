/**
 * Appends `{ method, url, status, dest }` for `req` to `log` and fills in the
 * status once the answer is sent. Entries stay in arrival order, so one log
 * shared by the tenant and the pages holds a redirect chain as the browser
 * walked it; `dest` is the request's `Sec-Fetch-Dest` (`document` for a
 * navigation, `script`, `empty` for fetch, …).
 *
 * @param {{ method: string, url: string, status: number, dest: string | undefined }[]} log
 * @param {string} baseUrl - the server's `http://host:port`
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
export function logRequest(log, baseUrl, req, res) {
  const entry = { method: req.method ?? '', url: baseUrl + (req.url ?? ''), status: 0, dest: req.headers['sec-fetch-dest'] };
  log.push(entry);
  res.once('finish', () => {
    entry.status = res.statusCode;
  });
}
