import { HttpError } from './http-error.mjs';

// A `%` must start an escape; URLSearchParams would silently keep a broken one, Auth0 answers 400.
const BROKEN_ESCAPE = /%(?![\da-f]{2})/i;

function decode(text, where) {
  if (BROKEN_ESCAPE.test(text)) throw new HttpError(400, `Malformed percent-encoding in the ${where}: ${JSON.stringify(text)}.`);
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new HttpError(400, `The ${where} is not valid UTF-8 once percent-decoded: ${JSON.stringify(text)}.`);
  }
}

/**
 * Parses a query string or an `application/x-www-form-urlencoded` body
 * strictly: a broken escape, an empty name or a name given twice is a 400,
 * because two parsers that disagree on `?returnTo=a&returnTo=b` is how open
 * redirects happen. A bare `name` (as in `&federated`) has the value `''`.
 *
 * @param {string} text - without the leading `?`
 * @param {string} where - "query string" or "form body", for the messages
 * @returns {Map<string, string>}
 */
export function parseParams(text, where) {
  const params = new Map();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decode(equals === -1 ? pair : pair.slice(0, equals), where);
    const value = equals === -1 ? '' : decode(pair.slice(equals + 1), where);
    if (name === '') throw new HttpError(400, `A parameter in the ${where} has no name: ${JSON.stringify(pair)}.`);
    if (params.has(name)) throw new HttpError(400, `The "${name}" parameter appears more than once in the ${where}; send it once.`);
    params.set(name, value);
  }
  return params;
}
