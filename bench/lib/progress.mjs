// Progress goes to stderr, so stdout carries only the report (the markdown table).

/** Prints one progress line to stderr. */
export const log = (message) => process.stderr.write(`· ${message}\n`);
