import type { AgentState } from '../../../shared/vocabulary.js';
import { STATE_META } from '../lib/states.js';

export function StateBadge(props: { state: AgentState; label?: string; compact?: boolean }) {
  const meta = STATE_META[props.state];
  return (
    <span className={`badge state-${props.state}`} title={meta.label}>
      <span className="badge-icon" aria-hidden="true">
        {meta.icon}
      </span>
      {!props.compact && <span className="badge-word">{props.label ?? meta.label}</span>}
      {props.compact && <span className="sr-only">{meta.label}</span>}
    </span>
  );
}
