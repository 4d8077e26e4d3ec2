/** The largest request body the logout endpoint reads: a logout token is a few hundred bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

export type FormResult = { ok: true; form: URLSearchParams } | { ok: false; reason: string };

const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * Reads an `application/x-www-form-urlencoded` body (OpenID Connect
 * Back-Channel Logout 1.0 §2.5) of at most {@link MAX_BODY_BYTES}, counting
 * the bytes as they stream in: a `Content-Length` may be absent or lie.
 */
export async function readForm(request: Request): Promise<FormResult> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== FORM_TYPE) {
    void request.body?.cancel().catch(() => undefined);
    return { ok: false, reason: `the content type must be ${FORM_TYPE}` };
  }
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > MAX_BODY_BYTES) {
    void request.body?.cancel().catch(() => undefined);
    return { ok: false, reason: `the body is larger than ${MAX_BODY_BYTES} bytes` };
  }
  const bytes = new Uint8Array(MAX_BODY_BYTES);
  let length = 0;
  if (request.body) {
    const reader = request.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (length + value.byteLength > MAX_BODY_BYTES) {
          void reader.cancel().catch(() => undefined);
          return { ok: false, reason: `the body is larger than ${MAX_BODY_BYTES} bytes` };
        }
        bytes.set(value, length);
        length += value.byteLength;
      }
    } catch {
      return { ok: false, reason: 'the body could not be read' };
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length));
  } catch {
    return { ok: false, reason: 'the body is not UTF-8' };
  }
  return { ok: true, form: new URLSearchParams(text) };
}
