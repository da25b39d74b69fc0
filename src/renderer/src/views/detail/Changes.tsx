// The Changes tab: what the agent changed in its git repository (files with +/− counts, and
// git's unified diff drawn by diff2html), loaded when opened, again whenever the agent goes
// idle, and on Refresh. A worktree agent's work can be committed and merged back from here.
import { html as diffHtml } from 'diff2html';
import 'diff2html/bundles/css/diff2html.min.css';
import { useEffect, useMemo, useState } from 'react';
import type { AgentChanges, AgentInfo } from '../../../../shared/domain.js';
import { errorMessage } from '../../lib/format.js';
import { useServices } from '../../state/context.js';

export function Changes(props: { agent: AgentInfo }) {
  const { api, bridge } = useServices();
  const { id, name } = props.agent;
  const [changes, setChanges] = useState<AgentChanges | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const [message, setMessage] = useState('');
  const [pending, setPending] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    let alive = true;
    setLoading(true);
    api.getChanges({ target: id }).then(
      (c) => {
        if (!alive) return;
        setChanges(c);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!alive) return;
        setError(errorMessage(err));
        setLoading(false);
      },
    );
    return () => {
      alive = false;
    };
  }, [api, id, tick]);

  // An agent that finished a turn has likely changed files: refresh when it goes idle.
  useEffect(
    () =>
      bridge.onEvent((e) => {
        if (e.type === 'agentChanged' && e.agent.id === id && e.transition?.to === 'idle')
          setTick((t) => t + 1);
      }),
    [bridge, id],
  );

  const rendered = useMemo(
    () =>
      changes?.diff
        ? diffHtml(changes.diff, {
            drawFileList: false,
            matching: 'lines',
            outputFormat: 'line-by-line',
          })
        : '',
    [changes?.diff],
  );

  const act = async (label: string, fn: () => Promise<string>) => {
    setPending(label);
    setNotice(null);
    try {
      setNotice({ tone: 'ok', text: await fn() });
      setTick((t) => t + 1);
    } catch (err) {
      setNotice({ tone: 'error', text: `${label} refused: ${errorMessage(err)}` });
    } finally {
      setPending(null);
    }
  };

  if (error) return <p className="error-text">Changes unavailable: {error}</p>;
  if (!changes) return <p className="muted">Looking at the repository…</p>;
  if (changes.repo === null)
    return (
      <p className="muted">
        {name} works in {changes.dir}, which is not in a git repository with commits.
      </p>
    );
  const added = changes.files.reduce((n, f) => n + f.added, 0);
  const removed = changes.files.reduce((n, f) => n + f.removed, 0);
  const wt = changes.worktree;
  return (
    <div className="changes">
      <div className="changes-head small">
        <span>
          <strong>{changes.files.length}</strong> file{changes.files.length === 1 ? '' : 's'}{' '}
          changed <span className="plus">+{added}</span> <span className="minus">−{removed}</span>{' '}
          against {changes.baseLabel}
        </span>
        <button
          type="button"
          className="small"
          disabled={loading}
          onClick={() => setTick((t) => t + 1)}
        >
          {loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {wt && (
        <div className="worktree-bar small" aria-label="Worktree">
          <div>
            Branch <span className="mono">{wt.branch}</span> in{' '}
            <span className="mono">{wt.path}</span>: {wt.dirtyFiles} uncommitted file
            {wt.dirtyFiles === 1 ? '' : 's'}, {wt.unmergedCommits} commit
            {wt.unmergedCommits === 1 ? '' : 's'} not in{' '}
            <span className="mono">{wt.baseBranch || 'its base'}</span>
          </div>
          <form
            className="worktree-actions"
            onSubmit={(e) => {
              e.preventDefault();
              void act('Commit', async () => {
                const r = await api.commitWorktree({ target: id, message });
                setMessage('');
                return `Committed ${r.files} file${r.files === 1 ? '' : 's'} (${r.commit.slice(0, 8)})`;
              });
            }}
          >
            <input
              aria-label="Commit message"
              placeholder="Commit message"
              value={message}
              onChange={(e) => setMessage(e.target.value)}
            />
            <button
              type="submit"
              disabled={pending !== null || wt.dirtyFiles === 0 || message.trim() === ''}
            >
              {pending === 'Commit' ? 'Committing…' : 'Commit'}
            </button>
            <button
              type="button"
              disabled={pending !== null || wt.unmergedCommits === 0 || !wt.baseBranch}
              title={
                wt.baseBranch
                  ? `Merge ${wt.branch} into ${wt.baseBranch}`
                  : 'The base branch is unknown'
              }
              onClick={() =>
                void act('Merge', async () => {
                  const r = await api.mergeWorktree({ target: id });
                  return `Merged ${r.commits} commit${r.commits === 1 ? '' : 's'} into ${r.baseBranch} (${r.commit.slice(0, 8)})`;
                })
              }
            >
              {pending === 'Merge' ? 'Merging…' : `Merge into ${wt.baseBranch || 'base'}`}
            </button>
          </form>
        </div>
      )}
      {notice && (
        <div className={`notice notice-${notice.tone}`} role="status">
          {notice.text}
        </div>
      )}
      {changes.files.length === 0 ? (
        <p className="muted">No changes yet.</p>
      ) : (
        <>
          <ul className="changed-files" aria-label="Changed files">
            {changes.files.map((f) => (
              <li key={f.path}>
                <span className="mono">{f.path}</span>
                {f.binary ? (
                  <span className="muted small">binary</span>
                ) : (
                  <span className="small">
                    <span className="plus">+{f.added}</span>{' '}
                    <span className="minus">−{f.removed}</span>
                  </span>
                )}
              </li>
            ))}
          </ul>
          {changes.truncated && (
            <p className="muted small">
              The diff is cut at 2 MB: run git diff in {changes.repo} for all of it.
            </p>
          )}
          {/* diff2html escapes the diff's text; the markup is its own. */}
          <div
            className="diff"
            aria-label={`Diff of ${name}`}
            dangerouslySetInnerHTML={{ __html: rendered }}
          />
        </>
      )}
    </div>
  );
}
