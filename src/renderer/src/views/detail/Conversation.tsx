// The Conversation tab: the agent's messages (sent, queued, failed, cancelled), newest first, with
// Resend for one that was sent or failed and Cancel for one still queued. Live: the log is read
// again every POLL_MS while the tab is open (other processes — the CLI, a monitor delivering the
// queue — write it too) and at once after each action here.
import { useCallback, useEffect, useState } from 'react';
import type { AgentInfo, MessageLogEntry } from '../../../../shared/domain.js';
import type { DeliveryStatus } from '../../../../shared/vocabulary.js';
import { errorMessage, formatTime } from '../../lib/format.js';
import { useServices } from '../../state/context.js';

const POLL_MS = 2_000;
/** Messages shown (the newest). */
export const CONVERSATION_LIMIT = 100;

const STATUS_LABEL: Record<DeliveryStatus, string> = {
  delivered: 'sent',
  queued: 'queued',
  unsubmitted: 'unsent',
  failed: 'failed',
  cancelled: 'cancelled',
};

type MessageAction = 'Resend' | 'Cancel';

/** What a message offers: a queued one can be cancelled; any other but a cancelled one resent. */
function actionOf(m: MessageLogEntry): MessageAction | null {
  if (m.status === 'queued') return 'Cancel';
  return m.status === 'cancelled' ? null : 'Resend';
}

export function Conversation(props: { agent: AgentInfo }) {
  const { api } = useServices();
  const { id } = props.agent;
  const [messages, setMessages] = useState<MessageLogEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<number | null>(null);
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const load = useCallback(
    () =>
      api.listMessages({ target: id, limit: CONVERSATION_LIMIT }).then(
        (list) => {
          setMessages(list);
          setError(null);
        },
        (err: unknown) => setError(errorMessage(err)),
      ),
    [api, id],
  );

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  const act = async (m: MessageLogEntry, what: MessageAction) => {
    setPending(m.id);
    setNotice(null);
    try {
      if (what === 'Cancel') {
        await api.cancelQueued({ id: m.id });
        setNotice({ tone: 'ok', text: `Cancelled #${m.id}` });
      } else {
        const r = await api.sendMessage({ target: id, text: m.text });
        setNotice({
          tone: r.status === 'failed' ? 'error' : 'ok',
          text: `Resent: ${r.status}${r.reason ? ` — ${r.reason}` : ''}`,
        });
      }
    } catch (err) {
      setNotice({ tone: 'error', text: `${what} failed: ${errorMessage(err)}` });
    } finally {
      setPending(null);
      void load();
    }
  };

  if (error && !messages)
    return <div className="muted small">Messages could not be read: {error}</div>;
  if (!messages) return <div className="muted small">Loading messages…</div>;
  return (
    <div className="conversation">
      {notice && (
        <div className={`notice notice-${notice.tone}`} role="status">
          {notice.text}
        </div>
      )}
      {messages.length === 0 ? (
        <div className="muted small">No messages sent to {props.agent.name} yet.</div>
      ) : (
        <ol className="conversation-list" aria-label={`Messages to ${props.agent.name}`}>
          {messages.map((m) => (
            <li key={m.id} className={`message message-${m.status}`} data-status={m.status}>
              <div className="message-head small">
                <span className={`message-status status-${m.status}`}>
                  {STATUS_LABEL[m.status]}
                </span>
                <time className="muted" dateTime={new Date(m.createdAt).toISOString()}>
                  {formatTime(m.createdAt)}
                </time>
                <span className="muted">#{m.id}</span>
                <span className="message-actions">
                  {actionOf(m) && (
                    <button
                      type="button"
                      disabled={pending !== null}
                      onClick={() => void act(m, actionOf(m)!)}
                    >
                      {actionOf(m)}
                    </button>
                  )}
                </span>
              </div>
              <div className="message-text">{m.text}</div>
              {m.reason && <div className="message-reason muted small">{m.reason}</div>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
