// Every error a handler lets out is an ApiError with one clear line: the engine's own error
// classes are mapped here, once, so every shell reports them the same way.
import { ApiError, API_ERROR_CODES, type ApiErrorCode } from '../../shared/api.js';
import {
  TmuxArgumentError,
  TmuxCommandError,
  TmuxConnectionError,
  TmuxTimeoutError,
  TmuxVersionError,
} from '../tmux/index.js';

export interface ServerDescription {
  socketName?: string;
  socketPath?: string;
}

export function describeServer(s: ServerDescription): string {
  return s.socketPath ? `tmux -S ${s.socketPath}` : s.socketName ? `tmux -L ${s.socketName}` : 'the default tmux server';
}

function hasApiCode(err: unknown): err is { code: ApiErrorCode; message: string } {
  if (!err || typeof err !== 'object' || !('code' in err) || !('message' in err)) return false;
  return (API_ERROR_CODES as readonly unknown[]).includes((err as { code: unknown }).code);
}

export function toEngineError(err: unknown, server: ServerDescription): ApiError {
  if (err instanceof ApiError) return err;
  if (hasApiCode(err)) return new ApiError(err.code, String(err.message));
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof TmuxConnectionError) {
    return new ApiError('unavailable', `${describeServer(server)} is not reachable (${message}); start it or pass -L NAME / -S PATH`);
  }
  if (err instanceof TmuxVersionError) return new ApiError('unavailable', message);
  if (err instanceof TmuxArgumentError) return new ApiError('bad_input', message);
  if (err instanceof TmuxTimeoutError) return new ApiError('failed', `tmux did not answer in time: ${message}`);
  if (err instanceof TmuxCommandError) return new ApiError('failed', `tmux: ${message}`);
  return new ApiError('internal', message);
}
