// Message composer: Enter sends, Shift+Enter is a new line, ↑ in an empty (or first-line) box
// recalls earlier messages, ↓ walks back. The delivery result is shown under it.
import { useRef, useState } from 'react';
import type { MessageResult } from '../../../shared/domain.js';
import { errorMessage } from '../lib/format.js';

/** Earlier messages kept for ↑ recall. */
export const MAX_HISTORY = 100;

const RESULT_TEXT: Record<MessageResult['status'], string> = {
  delivered: 'Delivered',
  queued: 'Queued — it will be sent when the agent is idle',
  unsubmitted: 'Typed but not submitted — the text sits in the input box',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function Composer(props: {
  agentName: string;
  history: readonly string[];
  onSend: (text: string, now: boolean) => Promise<MessageResult>;
}) {
  const [text, setText] = useState('');
  const [now, setNow] = useState(false);
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<{ status: MessageResult['status'] | 'error'; text: string } | null>(null);
  const [sent, setSent] = useState<string[]>([]);
  // Position while walking the history: null = editing a fresh draft.
  const [cursor, setCursor] = useState<number | null>(null);
  const draft = useRef('');
  const history = [...props.history, ...sent].slice(-MAX_HISTORY);

  const send = async () => {
    if (!text.trim() || sending) return;
    setSending(true);
    setResult(null);
    try {
      const r = await props.onSend(text, now);
      setResult({ status: r.status, text: r.reason ? `${RESULT_TEXT[r.status]}: ${r.reason}` : RESULT_TEXT[r.status] });
      if (r.status !== 'failed') {
        setSent((s) => [...s, text].slice(-MAX_HISTORY));
        setText('');
        setCursor(null);
      }
    } catch (err) {
      setResult({ status: 'error', text: errorMessage(err) });
    } finally {
      setSending(false);
    }
  };

  const recall = (delta: -1 | 1, el: HTMLTextAreaElement): boolean => {
    if (!history.length) return false;
    const onFirstLine = !el.value.slice(0, el.selectionStart).includes('\n');
    const onLastLine = !el.value.slice(el.selectionEnd).includes('\n');
    if (delta < 0 && !onFirstLine) return false;
    if (delta > 0 && (cursor === null || !onLastLine)) return false;
    if (cursor === null) draft.current = text;
    const next = cursor === null ? history.length - 1 : cursor + delta;
    if (next < 0) return true;
    if (next >= history.length) {
      setCursor(null);
      setText(draft.current);
      return true;
    }
    setCursor(next);
    setText(history[next]!);
    return true;
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      void send();
    } else if (e.key === 'ArrowUp' && !e.shiftKey) {
      if (recall(-1, e.currentTarget)) e.preventDefault();
    } else if (e.key === 'ArrowDown' && !e.shiftKey) {
      if (recall(1, e.currentTarget)) e.preventDefault();
    } else if (e.key === 'Escape') {
      e.currentTarget.blur();
    }
  };

  return (
    <form
      noValidate
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <textarea
        aria-label={`Message to ${props.agentName}`}
        placeholder={`Message ${props.agentName} — Enter sends, Shift+Enter new line, ↑ recalls`}
        value={text}
        rows={Math.min(8, Math.max(2, text.split('\n').length))}
        onChange={(e) => {
          setText(e.target.value);
          setCursor(null);
        }}
        onKeyDown={onKeyDown}
      />
      <div className="composer-bar">
        <label className="inline small" title="Normally a message to a busy agent waits until it is idle">
          <input type="checkbox" checked={now} onChange={(e) => setNow(e.target.checked)} /> Send now, even if busy
        </label>
        {result && (
          <span className={`result result-${result.status}`} role="status">
            {result.text}
          </span>
        )}
        <button type="submit" className="primary" disabled={sending || !text.trim()}>
          {sending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
