// Kill, asked first. A worktree agent whose worktree holds uncommitted or unmerged work is
// refused by the engine (nothing done); the dialog then asks whether to keep or delete it.
import { useState } from 'react';
import type { AgentInfo } from '../../../../shared/domain.js';
import { Confirm } from '../../components/Confirm.js';
import { errorMessage } from '../../lib/format.js';
import { useReturnFocus } from '../../lib/focus.js';
import { useServices } from '../../state/context.js';

export function KillDialog(props: {
  agent: AgentInfo;
  onDone: () => void;
  onCancel: () => void;
  onError: (message: string) => void;
}) {
  const { api } = useServices();
  const { agent } = props;
  const [unsaved, setUnsaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useReturnFocus();

  const kill = async (worktree?: 'keep' | 'discard') => {
    setBusy(true);
    try {
      await api.killAgent({ target: agent.id, ...(worktree ? { worktree } : {}) });
      props.onDone();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'conflict' && !worktree && /worktree/.test(errorMessage(err)))
        setUnsaved(errorMessage(err).replace(/: kill it with .*$/, ''));
      else props.onError(`Kill failed: ${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  };

  if (unsaved) {
    return (
      <div
        className="overlay"
        onClick={props.onCancel}
        onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}
      >
        <div
          className="dialog"
          role="dialog"
          aria-modal="true"
          aria-label={`${agent.name}'s worktree has unsaved work`}
          onClick={(e) => e.stopPropagation()}
        >
          <h2>{agent.name}&apos;s worktree has unsaved work</h2>
          <p>{unsaved}. Nothing was killed yet.</p>
          <div className="dialog-actions">
            <button type="button" autoFocus onClick={props.onCancel}>
              Cancel
            </button>
            <button type="button" disabled={busy} onClick={() => void kill('keep')}>
              Kill, keep the worktree
            </button>
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => void kill('discard')}
            >
              Kill and delete the work
            </button>
          </div>
        </div>
      </div>
    );
  }
  return (
    <Confirm
      title={`Kill ${agent.name}?`}
      body={`This closes the tmux pane ${agent.target} and the agent running in it. This cannot be undone.`}
      confirmLabel="Kill agent"
      danger
      onCancel={props.onCancel}
      onConfirm={() => void kill()}
    />
  );
}
