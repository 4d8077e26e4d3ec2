import { notifyManager } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

// refine's queries tell React of new answers through react-query, which batches them with setTimeout.
// Browsers run a hidden tab's timers at most once a second, so a tab in the background would take a
// second or two to leave its protected pages after a logout elsewhere; a microtask is not throttled.
notifyManager.setScheduler(queueMicrotask);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
