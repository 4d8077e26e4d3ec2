import { exampleConfig } from '../config.js';
import { showSessionStatus } from '../session-status.js';

const config = exampleConfig(window.location);
const errorElement = document.getElementById('error');

document.getElementById('login').href = config.loginUrl;
showSessionStatus(config, document.getElementById('session-status'));

// The snippet runs as written, so a failed logout surfaces as an unhandled rejection: show it.
window.addEventListener('unhandledrejection', (event) => {
  errorElement.dataset.code = event.reason?.code ?? '';
  errorElement.textContent = `${event.reason?.code ?? 'error'}: ${event.reason?.message ?? event.reason}`;
});

document.getElementById('logout').addEventListener('click', () => {
  // Auth0's documented snippet (auth0.js, /v2/logout), only its placeholders filled in.
  var webAuth = new auth0.WebAuth({
    domain:       config.domain,
    clientID:     config.clientID
  });

  webAuth.logout({
    returnTo: config.returnTo,
    client_id: config.clientID
  });
});
