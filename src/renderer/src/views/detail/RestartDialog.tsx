// Restart, asked first: it ends what the agent is doing. Where its CLI can pick up its last
// conversation (claude --continue, codex resume --last, …) the dialog offers that, on by default.
import { useState } from 'react';
import type { AgentInfo } from '../../../../shared/domain.js';
import { RESUME_ARGS } from '../../../../shared/vocabulary.js';

export function RestartDialog(props: { agent: AgentInfo; onConfirm: (resume: boolean) => void; onCancel: () => void }) {
  const resumable = RESUME_ARGS[props.agent.type] !== undefined;
  const [resume, setResume] = useState(resumable);
  const title = `Restart ${props.agent.name}?`;
  return (
    <div className="overlay" onClick={props.onCancel} onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label={title} onClick={(e) => e.stopPropagation()}>
        <h2>{title}</h2>
        <p>Its program is stopped and started again in the same pane, directory and environment; what it is doing now ends.</p>
        {resumable ? (
          <label className="check">
            <input type="checkbox" checked={resume} onChange={(e) => setResume(e.target.checked)} /> Resume the conversation ({props.agent.type} {RESUME_ARGS[props.agent.type]})
          </label>
        ) : (
          <p className="small muted">{props.agent.type} cannot resume a conversation: it starts afresh.</p>
        )}
        <div className="dialog-actions">
          <button type="button" autoFocus onClick={props.onCancel}>
            Cancel
          </button>
          <button type="button" className="danger" onClick={() => props.onConfirm(resumable && resume)}>
            Restart
          </button>
        </div>
      </div>
    </div>
  );
}
