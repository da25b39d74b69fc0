// Send one message to a whole team, or to every agent.
import { useEffect, useRef, useState } from 'react';
import type { MessageResult } from '../../../shared/domain.js';
import { DELIVERY_STATUSES } from '../../../shared/vocabulary.js';
import { errorMessage } from '../lib/format.js';
import { useServices } from '../state/context.js';
import { useReturnFocus } from '../lib/focus.js';

export function Broadcast(props: { teams: string[]; onClose: () => void }) {
  const { api } = useServices();
  const [team, setTeam] = useState(props.teams[0] ?? '');
  const [text, setText] = useState('');
  const [now, setNow] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<{ target: string; result: MessageResult }[] | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  useReturnFocus();
  useEffect(() => box.current?.focus(), []);

  const send = async () => {
    setSending(true);
    setError(null);
    try {
      setResults(await api.broadcast(team ? { team, text, now } : { all: true, text, now }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  };

  const counts = results && DELIVERY_STATUSES.map((s) => [s, results.filter((r) => r.result.status === s).length] as const).filter(([, n]) => n > 0);

  return (
    <div className="overlay" onClick={props.onClose} onKeyDown={(e) => e.key === 'Escape' && props.onClose()}>
      <form
        noValidate
        className="dialog form"
        role="dialog"
        aria-modal="true"
        aria-label="Broadcast a message"
        onClick={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <h2>Broadcast a message</h2>
        <label>
          To
          <select value={team} onChange={(e) => setTeam(e.target.value)}>
            {props.teams.map((t) => (
              <option key={t} value={t}>
                Team {t}
              </option>
            ))}
            <option value="">Every agent</option>
          </select>
        </label>
        <label>
          Message
          <textarea ref={box} rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder="Please commit your work and report your status." />
        </label>
        <label className="inline small">
          <input type="checkbox" checked={now} onChange={(e) => setNow(e.target.checked)} /> Send now, even to busy agents
        </label>
        {error && (
          <div className="form-error" role="alert">
            {error}
          </div>
        )}
        {counts && (
          <div className="notice notice-ok" role="status">
            Sent to {results!.length} agent{results!.length === 1 ? '' : 's'}: {counts.map(([s, n]) => `${n} ${s}`).join(', ') || 'none matched'}
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            {results ? 'Close' : 'Cancel'}
          </button>
          <button type="submit" className="primary" disabled={sending || !text.trim()}>
            {sending ? 'Sending…' : 'Send'}
          </button>
        </div>
      </form>
    </div>
  );
}
