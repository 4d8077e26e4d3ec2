/**
 * Scripts-before-the-page that reach a document twice run once. Chromium and
 * Firefox run them when a window is created, but a popup whose first page is
 * of its opener's origin keeps the window of the blank page it opened with
 * (HTML's window reuse), so that page would get none: the pages' server puts
 * them first in its pages as well, and whichever copy comes first in a
 * document marks it for the other.
 */
let written = 0;

/** `source`, made to run at most once in any one document. */
export function oncePerDocument(source: string): string {
  const mark = JSON.stringify(`harness:script-first:${written++}`);
  return `(() => {
  const mark = Symbol.for(${mark});
  if (document[mark]) return;
  Object.defineProperty(document, mark, { value: true });
  ${source}
})();`;
}
