/**
 * Reports an app callback's failure as an uncaught error, after the current
 * task: the SDK's own work (a logout, the other listeners, a watch) goes on,
 * and the failure still reaches the console and the app's error reporting.
 */
export function reportLater(error: unknown): void {
  setTimeout(() => {
    throw error;
  });
}
