import { useEffect, useRef } from 'react';
import { useReturnFocus } from '../lib/focus.js';

/** A small modal confirmation; Esc cancels. A dangerous one starts on Cancel, so Enter is safe. */
export function Confirm(props: { title: string; body: string; confirmLabel: string; danger?: boolean; onConfirm: () => void; onCancel: () => void }) {
  const cancel = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const danger = !!props.danger;
  useReturnFocus();
  useEffect(() => (danger ? cancel : confirm).current?.focus(), [danger]);
  return (
    <div className="overlay" onClick={props.onCancel} onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label={props.title} onClick={(e) => e.stopPropagation()}>
        <h2>{props.title}</h2>
        <p>{props.body}</p>
        <div className="dialog-actions">
          <button type="button" ref={cancel} onClick={props.onCancel}>
            Cancel
          </button>
          <button type="button" ref={confirm} className={props.danger ? 'danger' : 'primary'} onClick={props.onConfirm}>
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
