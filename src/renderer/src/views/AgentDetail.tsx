// One agent: live screen, answer buttons (the prompt's real options), composer, timeline and the actions on it.
import { lazy, Suspense, useEffect, useState } from 'react';
import type { AgentInfo } from '../../../shared/domain.js';
import { AnswerButtons } from '../components/AnswerButtons.js';
import { Confirm } from '../components/Confirm.js';
import { EmptyState } from '../components/EmptyState.js';
import { StateBadge } from '../components/StateBadge.js';
import { attachCommand } from '../lib/attach.js';
import { copyText } from '../lib/clipboard.js';
import { errorMessage, formatDuration, formatTime } from '../lib/format.js';
import { useNow } from '../lib/hooks.js';
import { navigate, openAgent } from '../lib/route.js';
import { useAppState, useServices } from '../state/context.js';
import { Composer } from './Composer.js';
import { KillDialog } from './detail/KillDialog.js';
import { RestartDialog } from './detail/RestartDialog.js';
import { SidePanel } from './detail/SidePanel.js';
import { LOCAL_HOST } from '../../../shared/hosts.js';

// xterm.js loads with the first agent opened, not with the board.
const ScreenPreview = lazy(() => import('./ScreenPreview.js').then((m) => ({ default: m.ScreenPreview })));

export { attachCommand };

export function AgentDetail(props: { agentId: string }) {
  const agent = useAppState((s) => s.agents.get(props.agentId));
  const loaded = useAppState((s) => s.agentsLoaded);
  if (!agent) {
    return (
      <section className="view">
        {loaded ? (
          <EmptyState icon="✕" title="This agent is gone" action={<button className="primary" onClick={() => navigate('agents')}>Back to the board</button>}>
            Its pane was closed or killed. Its notifications and timeline stay in the history.
          </EmptyState>
        ) : (
          <div className="loading">Loading…</div>
        )}
      </section>
    );
  }
  return <AgentPage agent={agent} />;
}

function AgentPage({ agent }: { agent: AgentInfo }) {
  const { api } = useServices();
  // The server the engine really watches (status), which -L/-S on the command line may set
  // apart from the settings.
  const tmux = useAppState((s) => s.status?.server ?? s.settings?.tmux);
  const now = useNow(1000);
  const [confirmKill, setConfirmKill] = useState(false);
  const [confirmRestart, setConfirmRestart] = useState(false);
  /** A message waiting on the person's word: replace the agent's unsent draft with it? */
  const [draftAsk, setDraftAsk] = useState<{ draft: string; resolve: (replace: boolean) => void } | null>(null);
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [history, setHistory] = useState<string[]>([]);
  const [pending, setPending] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    api.listMessages({ target: agent.id, limit: 50 }).then(
      (list) => alive && setHistory([...list].sort((a, b) => a.createdAt - b.createdAt).map((m) => m.text)),
      () => undefined, // recall history is a convenience; the composer works without it
    );
    return () => {
      alive = false;
    };
  }, [api, agent.id]);

  const run = async (label: string, fn: () => Promise<unknown>, ok?: string) => {
    setPending(label);
    setNotice(null);
    try {
      await fn();
      if (ok) setNotice({ tone: 'ok', text: ok });
    } catch (err) {
      setNotice({ tone: 'error', text: `${label} failed: ${errorMessage(err)}` });
    } finally {
      setPending(null);
    }
  };

  const attach = attachCommand(agent, tmux);

  return (
    <section className="view detail">
      <header className="view-head detail-head">
        <div>
          <a href="#/agents" className="back" title="Back to the board (Esc)">
            ← Agents
          </a>
          <h1>
            {agent.name} <StateBadge state={agent.state} />
            <span className="muted small"> for {formatDuration(now - agent.since)}</span>
          </h1>
          <div className="meta small">
            <span>{agent.type}</span>
            <span>{agent.role}</span>
            {agent.team && <span>team {agent.team}</span>}
            <span className="mono">{agent.target}</span>
            {agent.host !== LOCAL_HOST && <span>on {agent.host}</span>}
            <span className="mono" title="Working directory">
              {agent.cwd}
            </span>
          </div>
          {agent.reason && <div className="reason small">{agent.reason}</div>}
          {agent.resetAt && <div className="reason small">Usage limit resets {formatTime(agent.resetAt)}</div>}
        </div>
        <div className="actions">
          <button
            type="button"
            title={attach}
            onClick={() =>
              void copyText(attach).then((copied) =>
                setNotice({ tone: 'ok', text: copied ? `Copied: ${attach}` : `Copy this into a terminal: ${attach}` }),
              )
            }
          >
            Open in terminal
          </button>
          <button type="button" disabled={pending !== null} onClick={() => setConfirmRestart(true)}>
            {pending === 'Restart' ? 'Restarting…' : 'Restart'}
          </button>
          <button type="button" className="danger" disabled={pending !== null} onClick={() => setConfirmKill(true)}>
            Kill
          </button>
        </div>
      </header>
      {notice && (
        <div className={`notice notice-${notice.tone}`} role="status">
          {notice.text}
          <button type="button" className="linkish" onClick={() => setNotice(null)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      )}
      <div className="detail-body">
        <div className="detail-main">
          <Suspense fallback={<div className="screen screen-loading">Loading the screen…</div>}>
            <ScreenPreview agent={agent} />
          </Suspense>
          <AnswerButtons agent={agent} />
          <Composer
            agentName={agent.name}
            history={history}
            onSend={async (text, sendNow) => {
              try {
                return await api.sendMessage({ target: agent.id, text, now: sendNow });
              } catch (err) {
                // The engine types nothing over a draft left in the agent's box: ask, then replace it.
                const draft = /has unsent text in its input box \((".*")\)/.exec(errorMessage(err))?.[1];
                if (!draft) throw err;
                const replace = await new Promise<boolean>((resolve) => setDraftAsk({ draft, resolve }));
                setDraftAsk(null);
                if (!replace) throw new Error(`Not sent: ${agent.name}'s unsent text was kept`);
                return api.sendMessage({ target: agent.id, text, now: sendNow, replace: true });
              }
            }}
          />
        </div>
        <SidePanel agent={agent} />
      </div>
      {confirmRestart && (
        <RestartDialog
          agent={agent}
          onCancel={() => setConfirmRestart(false)}
          onConfirm={(resume) => {
            setConfirmRestart(false);
            void run('Restart', async () => {
              const next = await api.restartAgent({ target: agent.id, resume });
              if (next.id !== agent.id) openAgent(next.id);
            }, resume ? 'Restarted, resuming its conversation' : 'Restarted');
          }}
        />
      )}
      {draftAsk && (
        <Confirm
          title={`Replace ${agent.name}'s unsent text?`}
          body={`${agent.name} has text it was never sent in its input box: ${draftAsk.draft}. Sending your message deletes it.`}
          confirmLabel="Replace it and send"
          danger
          onConfirm={() => draftAsk.resolve(true)}
          onCancel={() => draftAsk.resolve(false)}
        />
      )}
      {confirmKill && (
        <KillDialog
          agent={agent}
          onCancel={() => setConfirmKill(false)}
          onError={(text) => {
            setConfirmKill(false);
            setNotice({ tone: 'error', text });
          }}
          onDone={() => {
            setConfirmKill(false);
            navigate('agents');
          }}
        />
      )}
    </section>
  );
}
