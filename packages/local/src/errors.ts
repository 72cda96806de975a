/** A reason the embedded runtime cannot start, worded for a person: `main` prints `civicgrid: <message>` and exits 1. */
export class StartupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StartupError';
  }
}
