import { bodyLimit } from 'hono/body-limit';
import { HttpError } from './http-error.mjs';
import { parseParams } from './parse-params.mjs';

const MAX_BODY_LENGTH = 4096;
const FORM = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;
const JSON_TYPE = /^application\/json\s*(?:;|$)/i;

/** Hono's body limit, answering the tenant's 413. */
export const limitBody = bodyLimit({
  maxSize: MAX_BODY_LENGTH,
  onError: () => {
    throw new HttpError(413, `The request body is longer than ${MAX_BODY_LENGTH} bytes.`);
  },
});

/** A form body, parsed as strictly as a query string. */
async function readForm(c) {
  const body = await c.req.text();
  // Escapes carry the UTF-8; a raw non-ASCII byte is not a valid form body.
  if (/[^\x20-\x7e]/.test(body)) throw new HttpError(400, 'The form body must be percent-encoded ASCII.');
  return parseParams(body, 'form body');
}

/** A JSON body: an object whose values are all strings, as the token endpoints take. */
async function readJson(c) {
  let value;
  try {
    value = JSON.parse(await c.req.text());
  } catch {
    throw new HttpError(400, 'The JSON body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'The JSON body must be an object.');
  const params = new Map();
  for (const [name, field] of Object.entries(value)) {
    if (typeof field !== 'string') throw new HttpError(400, `The "${name}" field of the JSON body must be a string.`);
    params.set(name, field);
  }
  return params;
}

/**
 * Middleware that reads a POST's parameters from its body into
 * `c.get('params')`: a form, or with `json` also a JSON object. Parameters
 * in the query string of a POST are refused rather than merged.
 *
 * @param {{ json?: boolean }} [accepts]
 */
export function readBodyParams({ json = false } = {}) {
  return async (c, next) => {
    if (c.get('params').size > 0) throw new HttpError(400, `A POST to ${c.req.path} carries its parameters in the body, not the query string.`);
    const type = c.req.header('content-type') ?? '';
    if (FORM.test(type)) c.set('params', await readForm(c));
    else if (json && JSON_TYPE.test(type)) c.set('params', await readJson(c));
    else throw new HttpError(415, json ? 'Content-Type must be application/x-www-form-urlencoded or application/json.' : 'POST a form: Content-Type must be application/x-www-form-urlencoded.');
    await next();
  };
}
