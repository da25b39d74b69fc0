import { useAppState, useServices } from '../state/context.js';

/** Shown while the link to the engine is down; the transport reconnects by itself. */
export function ConnectionBanner() {
  const connection = useAppState((s) => s.connection);
  const loadError = useAppState((s) => s.loadError);
  const everConnected = useAppState((s) => s.everConnected);
  const { hasToken } = useServices();
  // The server may also accept a cookie set by the first load, so only complain when the link fails.
  if (!hasToken && connection === 'closed') {
    return (
      <div className="banner banner-error" role="alert">
        Cannot reach the engine, and this page has no access token. Open the full URL that <code>tmux-orc serve</code>{' '}
        printed (it ends in <code>?token=…</code>).
      </div>
    );
  }
  if (connection === 'unauthorized') {
    return (
      <div className="banner banner-error" role="alert">
        <span>
          This page&apos;s access token is no longer valid: <code>tmux-orc serve</code> now uses a new one (it was started
          with <code>--new-token</code>). Open the URL it printed; the token is also kept in{' '}
          <code>~/.config/tmux-orchestrator/serve-token</code> on the machine that runs it.
        </span>
      </div>
    );
  }
  if (connection === 'closed' && !everConnected) {
    return (
      <div className="banner banner-warn" role="alert">
        <span className="spinner" aria-hidden="true" /> Cannot reach the engine — retrying… This page reconnects by itself when{' '}
        <code>tmux-orc serve</code> is running again on this port.
      </div>
    );
  }
  if (connection === 'closed') {
    return (
      <div className="banner banner-warn" role="alert">
        <span className="spinner" aria-hidden="true" /> Connection lost — reconnecting…
      </div>
    );
  }
  if (connection === 'open' && loadError) {
    return (
      <div className="banner banner-error" role="alert">
        The engine answered with an error: {loadError}
      </div>
    );
  }
  return null;
}
