// Errors the tmux engine raises; callers can tell them apart by class.

/** tmux answered the command with %error; `message` is tmux's own text. */
export class TmuxCommandError extends Error {
  override name = 'TmuxCommandError';
  constructor(
    message: string,
    readonly command: string,
  ) {
    super(message);
  }
}

/** No reply within the command timeout. */
export class TmuxTimeoutError extends Error {
  override name = 'TmuxTimeoutError';
}

/** The connection is not (or no longer) usable: no server, server gone, client detached. */
export class TmuxConnectionError extends Error {
  override name = 'TmuxConnectionError';
}

/** tmux missing or too old. */
export class TmuxVersionError extends Error {
  override name = 'TmuxVersionError';
}
