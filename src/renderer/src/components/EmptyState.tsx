import type { ReactNode } from 'react';

/** An empty or error state that says what to do next. */
export function EmptyState(props: { icon?: string; title: string; children?: ReactNode; action?: ReactNode; tone?: 'info' | 'error' }) {
  return (
    <div className={`empty ${props.tone === 'error' ? 'empty-error' : ''}`} role={props.tone === 'error' ? 'alert' : 'status'}>
      {props.icon && (
        <div className="empty-icon" aria-hidden="true">
          {props.icon}
        </div>
      )}
      <h2>{props.title}</h2>
      {props.children && <div className="empty-text">{props.children}</div>}
      {props.action && <div className="empty-action">{props.action}</div>}
    </div>
  );
}
