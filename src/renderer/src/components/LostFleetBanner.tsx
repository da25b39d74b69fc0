// The lost fleet: agents tmux-orc started that are gone without being killed (their tmux server
// died, their pane was closed from outside). A banner names them with one action that starts
// them all again (same names, types, directories and teams, conversations resumed where the
// CLI can) and one that forgets them. Asked of the engine (a dry run of restoreFleet) when the
// open 'lost' notifications or the link change, never polled.
import { useEffect, useState } from 'react';
import type { RestoreOutcome } from '../../../shared/domain.js';
import { useAppState, useServices } from '../state/context.js';
import { Confirm } from './Confirm.js';

const SHOWN_NAMES = 8;
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * What to look again on: the open lost-agent notifications (a burst lost, or one back) and the
 * link; agent events alone never cost a call.
 */
function useLostKey(): string {
  const lostOpen = useAppState((s) => s.notifications.filter((n) => n.kind === 'lost' && n.resolvedAt === null).map((n) => n.id).join(','));
  const connection = useAppState((s) => s.connection);
  return `${lostOpen}|${connection}`;
}

function namesLine(lost: readonly RestoreOutcome[]): string {
  const names = lost.map((o) => (o.host === 'local' ? o.name : `${o.host}/${o.name}`));
  return names.length > SHOWN_NAMES ? `${names.slice(0, SHOWN_NAMES).join(', ')} and ${names.length - SHOWN_NAMES} more` : names.join(', ');
}

export function LostFleetBanner() {
  const { api } = useServices();
  const key = useLostKey();
  const [lost, setLost] = useState<RestoreOutcome[]>([]);
  const [busy, setBusy] = useState<'restoring' | 'forgetting' | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [confirmForget, setConfirmForget] = useState(false);
  const [again, setAgain] = useState(0);

  useEffect(() => {
    let live = true;
    api.restoreFleet({ dryRun: true }).then(
      (plan) => live && setLost(plan),
      () => live && setLost([]),
    );
    return () => {
      live = false;
    };
  }, [api, key, again]);

  const act = async (forget: boolean) => {
    setConfirmForget(false);
    setBusy(forget ? 'forgetting' : 'restoring');
    setResult(null);
    try {
      const out = await api.restoreFleet({ names: lost.map((o) => o.name), ...(forget ? { forget: true } : {}) });
      const failed = out.filter((o) => o.status === 'failed');
      const done = out.length - failed.length;
      setResult(
        forget
          ? `Forgot ${done} lost agent${done === 1 ? '' : 's'}.`
          : `Restored ${done} of ${out.length}.${failed.map((o) => ` ${o.name}: ${o.reason}`).join(';')}`,
      );
    } catch (err) {
      setResult(`Not done: ${message(err)}`);
    } finally {
      setBusy(null);
      setAgain((n) => n + 1);
    }
  };

  if (!lost.length && !result) return null;
  return (
    <div className={`banner ${lost.length ? 'banner-error' : 'banner-warn'} lost-fleet`} role="alert" aria-label="Lost agents">
      {lost.length > 0 && (
        <span>
          <strong>
            {lost.length === 1 ? '1 agent lost' : `${lost.length} agents lost`}:
          </strong>{' '}
          {namesLine(lost)} — gone without being killed (their tmux server stopped, or their pane was closed).
        </span>
      )}
      {result && <span className="lost-fleet-result">{result}</span>}
      {lost.length > 0 && (
        <span className="lost-fleet-actions">
          <button type="button" className="primary" disabled={busy !== null} onClick={() => void act(false)}>
            {busy === 'restoring' ? 'Restoring…' : 'Restore fleet'}
          </button>
          <button type="button" disabled={busy !== null} onClick={() => setConfirmForget(true)}>
            Forget
          </button>
        </span>
      )}
      {!lost.length && result && (
        <button type="button" className="small" onClick={() => setResult(null)}>
          Dismiss
        </button>
      )}
      {confirmForget && (
        <Confirm
          title="Forget the lost agents?"
          body={`${namesLine(lost)} will not be offered for restore again. Their conversations stay where their CLIs keep them.`}
          confirmLabel="Forget"
          danger
          onConfirm={() => void act(true)}
          onCancel={() => setConfirmForget(false)}
        />
      )}
    </div>
  );
}
