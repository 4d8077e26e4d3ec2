import { HttpError } from '../http-error.mjs';
import { redirect } from '../respond.mjs';
import { END_SESSION } from './home.mjs';
import { DEMO_USER_ID } from './session.mjs';

/**
 * `POST /sessions/end` (the home page's "End this session" button): ends the
 * session `sid` as `DELETE /api/v2/sessions/:id` does, then back to `/`. The
 * form carries the tenant's signature of the `sid`, so a page of another site
 * cannot end a session by posting one.
 */
export function endSession(c) {
  const tenant = c.get('tenant');
  const params = c.get('params');
  const sid = params.get('sid');
  if (sid === undefined || !tenant.signer.verify(END_SESSION, sid, params.get('sig'))) {
    throw new HttpError(400, 'This form does not come from the tenant\'s home page: open / and use its button.');
  }
  if (tenant.sessions.endById(sid)) tenant.logoutTokens.sessionEnded(tenant, { sid, sub: DEMO_USER_ID });
  return redirect(c, '/');
}
