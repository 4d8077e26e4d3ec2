/**
 * The relying party the oidc-provider test drives: the full UMD bundle (it
 * uses handleLogoutReturn, which the core script tag leaves out) configured
 * from the page's query (domain: the provider's issuer, clientID), an
 * onLogout listener listing every event (with when this page heard it),
 * handleLogoutReturn on every load, a button that calls oidcLogout with the
 * options the test wrote on it, and, when the query names the RP server's
 * event stream (`watch`), watchBackChannelLogout on it.
 */
(function () {
  const query = new URLSearchParams(location.search);
  const webAuth = new auth0.WebAuth({ domain: query.get('domain'), clientID: query.get('clientID') });
  const show = (id, text) => {
    document.getElementById(id).textContent = text;
  };
  const describe = (error) => (error && error.code ? `${error.code}: ${error.message}` : String(error));

  auth0.onLogout(webAuth, (event) => {
    const item = document.createElement('li');
    item.dataset.id = event.id;
    item.dataset.phase = event.phase;
    item.dataset.source = event.source;
    item.dataset.at = String(Date.now());
    item.textContent = JSON.stringify(event);
    document.getElementById('events').append(item);
  });

  if (query.has('watch')) auth0.watchBackChannelLogout(webAuth, { url: query.get('watch') });

  // Settles into #return: the LogoutReturn as JSON, "undefined", or "rejected: …"; data-returned says it has settled.
  Promise.resolve()
    .then(() => {
      if (typeof auth0.handleLogoutReturn !== 'function') throw new Error('auth0.handleLogoutReturn is not in this build of dist/');
      return auth0.handleLogoutReturn(webAuth);
    })
    .then(
      (result) => show('return', result === undefined ? 'undefined' : JSON.stringify(result)),
      (error) => show('return', `rejected: ${describe(error)}`),
    )
    .finally(() => {
      document.body.dataset.returned = 'true';
    });

  document.getElementById('logout').addEventListener('click', (click) => {
    const options = JSON.parse(click.currentTarget.dataset.options || '{}');
    Promise.resolve()
      .then(() => auth0.oidcLogout(webAuth, options))
      .catch((error) => show('error', describe(error)));
  });
})();
