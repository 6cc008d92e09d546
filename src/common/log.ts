// What the cores know of logging: an interface the editor fills with its "Retainer Lens" output channel and
// the CLI with stderr. Every caught error goes to one, with what was being done when it happened.

export interface Logger {
  info(message: string): void;
  /** Something went wrong but the work goes on: `doing` says what, e.g. "reading .gitignore in /src". */
  warn(doing: string, error?: unknown): void;
  error(doing: string, error: unknown): void;
}

/** An error's message (stack traces stay out of user-facing logs). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `doing: message`, the one line a logger writes for a failure. */
export function failureLine(doing: string, error?: unknown): string {
  return error === undefined ? doing : `${doing}: ${errorMessage(error)}`;
}

/** Writes to a stream such as stderr (the CLI, the workers' fallback), one line per entry. */
export function streamLogger(write: (line: string) => void): Logger {
  return {
    info: (message) => write(message),
    warn: (doing, error) => write(`warning: ${failureLine(doing, error)}`),
    error: (doing, error) => write(`error: ${failureLine(doing, error)}`),
  };
}

/** Keeps every entry (tests, and results that carry their own log back to a caller). */
export class LogRecord implements Logger {
  readonly entries: { level: 'info' | 'warn' | 'error'; line: string }[] = [];
  info(message: string): void {
    this.entries.push({ level: 'info', line: message });
  }
  warn(doing: string, error?: unknown): void {
    this.entries.push({ level: 'warn', line: failureLine(doing, error) });
  }
  error(doing: string, error: unknown): void {
    this.entries.push({ level: 'error', line: failureLine(doing, error) });
  }
}
