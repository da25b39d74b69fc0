// Spawn one agent, or deploy a whole team from a template. Shows progress until the agent is
// ready (spawnAgent resolves then), then opens it.
import { useEffect, useState } from 'react';
import { SpawnInputSchema, type SpawnInput } from '../../../shared/api.js';
import type { SpawnResult, TeamTemplate } from '../../../shared/domain.js';
import { AGENT_ROLES, SPAWN_TYPES, type AgentRole, type SpawnType } from '../../../shared/vocabulary.js';
import { errorMessage } from '../lib/format.js';
import { navigate, openAgent } from '../lib/route.js';
import { apiFieldError, fieldErrors } from '../lib/validation.js';
import { useServices } from '../state/context.js';

interface Form {
  type: SpawnType;
  command: string;
  name: string;
  role: AgentRole;
  team: string;
  cwd: string;
  briefing: string;
  worktree: string;
}

const EMPTY: Form = { type: 'claude', command: '', name: '', role: 'engineer', team: '', cwd: '', briefing: '', worktree: '' };
const FIELDS = ['type', 'command', 'name', 'role', 'team', 'cwd', 'briefing', 'worktree'];

/** The contract input from the form: empty optional fields are left out. */
export function spawnInput(f: Form): SpawnInput {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  return {
    type: f.type,
    name: f.name.trim(),
    role: f.role,
    command: f.type === 'custom' ? opt(f.command) : undefined,
    team: opt(f.team),
    cwd: opt(f.cwd),
    briefing: f.briefing.trim() ? f.briefing : undefined,
    worktree: opt(f.worktree),
  };
}

type Phase = { step: 'idle' } | { step: 'starting' } | { step: 'waiting' } | { step: 'done'; result: SpawnResult };

export function Spawn() {
  return (
    <section className="view spawn">
      <header className="view-head">
        <h1>Spawn</h1>
      </header>
      <div className="spawn-grid">
        <SpawnForm />
        <DeployTeam />
      </div>
    </section>
  );
}

function SpawnForm() {
  const { api, bridge } = useServices();
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [canPick, setCanPick] = useState(bridge.kind === 'desktop');
  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => {
      const { [k]: _gone, '': _top, ...rest } = e;
      return rest;
    });
  };

  // The engine reports the new pane before it is ready: that is when "starting" becomes "waiting".
  useEffect(() => {
    if (phase.step !== 'starting') return;
    const name = form.name.trim();
    return bridge.onEvent((e) => {
      if (e.type === 'agentChanged' && e.agent.name === name) setPhase({ step: 'waiting' });
    });
  }, [bridge, phase.step, form.name]);

  const pick = async () => {
    try {
      const r = await api.pickFolder({ defaultPath: form.cwd || undefined });
      if (r.path === null) setCanPick(false);
      else set('cwd', r.path);
    } catch {
      setCanPick(false);
    }
  };

  const submit = async () => {
    const input = spawnInput(form);
    const parsed = SpawnInputSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    setPhase({ step: 'starting' });
    try {
      const result = await api.spawnAgent(input);
      setPhase({ step: 'done', result });
      openAgent(result.agent.id);
    } catch (err) {
      setPhase({ step: 'idle' });
      setErrors(apiFieldError('spawnAgent', errorMessage(err), FIELDS));
    }
  };

  const busy = phase.step === 'starting' || phase.step === 'waiting';
  const err = (k: string) =>
    errors[k] ? (
      <span className="field-error" id={`err-${k}`} role="alert">
        {errors[k]}
      </span>
    ) : null;
  const described = (k: string) => (errors[k] ? { 'aria-invalid': true, 'aria-describedby': `err-${k}` } : {});

  return (
    <form
      noValidate
      className="card form"
      aria-label="Spawn an agent"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>New agent</h2>
      {errors[''] && (
        <div className="form-error" role="alert">
          {errors['']}
        </div>
      )}
      <div className="row2">
        <label>
          Type
          <select value={form.type} onChange={(e) => set('type', e.target.value as SpawnType)} disabled={busy}>
            {SPAWN_TYPES.map((t) => (
              <option key={t} value={t}>
                {t === 'custom' ? 'Custom command' : t[0]!.toUpperCase() + t.slice(1)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Role
          <select value={form.role} onChange={(e) => set('role', e.target.value as AgentRole)} disabled={busy}>
            {AGENT_ROLES.map((r) => (
              <option key={r} value={r}>
                {r === 'pm' ? 'Project manager' : r === 'qa' ? 'QA' : r[0]!.toUpperCase() + r.slice(1)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {form.type === 'custom' && (
        <label>
          Command
          <input value={form.command} onChange={(e) => set('command', e.target.value)} placeholder="e.g. my-agent --model x" disabled={busy} {...described('command')} />
          {err('command')}
        </label>
      )}
      <div className="row2">
        <label>
          Name
          <input value={form.name} onChange={(e) => set('name', e.target.value)} placeholder="e.g. backend-1" autoFocus disabled={busy} {...described('name')} />
          {err('name')}
        </label>
        <label>
          Team <span className="muted small">(optional)</span>
          <input value={form.team} onChange={(e) => set('team', e.target.value)} placeholder="e.g. payments" disabled={busy} {...described('team')} />
          {err('team')}
        </label>
      </div>
      <label>
        Folder <span className="muted small">(where the agent works)</span>
        <span className="with-button">
          <input value={form.cwd} onChange={(e) => set('cwd', e.target.value)} placeholder="/home/me/project" className="mono" disabled={busy} {...described('cwd')} />
          {canPick && (
            <button type="button" onClick={() => void pick()} disabled={busy}>
              Browse…
            </button>
          )}
        </span>
        {err('cwd')}
      </label>
      <label>
        Worktree branch <span className="muted small">(optional: a new git worktree on this branch)</span>
        <input value={form.worktree} onChange={(e) => set('worktree', e.target.value)} placeholder="e.g. feature/login" className="mono" disabled={busy} {...described('worktree')} />
        {err('worktree')}
      </label>
      <label>
        Briefing <span className="muted small">(optional: sent once the agent is ready)</span>
        <textarea value={form.briefing} rows={5} onChange={(e) => set('briefing', e.target.value)} placeholder="You are the backend engineer of team payments…" disabled={busy} {...described('briefing')} />
        {err('briefing')}
      </label>
      <div className="form-actions">
        {busy && (
          <span className="progress" role="status">
            <span className="spinner" aria-hidden="true" />
            {phase.step === 'starting' ? 'Starting…' : 'Waiting for ready…'}
          </span>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Spawn agent
        </button>
      </div>
    </form>
  );
}

function DeployTeam() {
  const { api } = useServices();
  const [templates, setTemplates] = useState<TeamTemplate[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [template, setTemplate] = useState('');
  const [team, setTeam] = useState('');
  const [cwd, setCwd] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [deploying, setDeploying] = useState(false);
  const [done, setDone] = useState<SpawnResult[] | null>(null);

  useEffect(() => {
    api.listTeamTemplates({}).then(
      (list) => {
        setTemplates(list);
        if (list[0]) setTemplate(list[0].name);
      },
      (err: unknown) => setLoadError(errorMessage(err)),
    );
  }, [api]);

  const chosen = templates?.find((t) => t.name === template);
  const deploy = async () => {
    setError(null);
    setDone(null);
    setDeploying(true);
    try {
      const results = await api.deployTeam({ template, team: team.trim() || undefined, cwd: cwd.trim() || undefined });
      setDone(results);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setDeploying(false);
    }
  };

  return (
    <form
      noValidate
      className="card form"
      aria-label="Deploy a team"
      onSubmit={(e) => {
        e.preventDefault();
        void deploy();
      }}
    >
      <h2>Deploy a team</h2>
      {loadError && <div className="form-error">Templates unavailable: {loadError}</div>}
      {templates && templates.length === 0 && (
        <p className="muted">No team templates yet. Save one with <code>tmux-orc team save</code>.</p>
      )}
      {templates && templates.length > 0 && (
        <>
          <label>
            Template
            <select value={template} onChange={(e) => setTemplate(e.target.value)} disabled={deploying}>
              {templates.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          {chosen && (
            <p className="small muted template-desc">
              {chosen.description || 'No description.'} — a {chosen.pmType} PM, {chosen.engineers} {chosen.engineerType} engineer
              {chosen.engineers === 1 ? '' : 's'}
              {chosen.qa ? ' and QA' : ''}.
            </p>
          )}
          <label>
            Team name <span className="muted small">(default: the template's)</span>
            <input value={team} onChange={(e) => setTeam(e.target.value)} disabled={deploying} />
          </label>
          <label>
            Folder <span className="muted small">(default: the template's)</span>
            <input value={cwd} onChange={(e) => setCwd(e.target.value)} className="mono" placeholder={chosen?.cwd ?? ''} disabled={deploying} />
          </label>
          {error && (
            <div className="form-error" role="alert">
              {error}
            </div>
          )}
          <div className="form-actions">
            {deploying && (
              <span className="progress" role="status">
                <span className="spinner" aria-hidden="true" /> Starting the team and waiting for every member…
              </span>
            )}
            <button type="submit" className="primary" disabled={deploying || !template}>
              Deploy team
            </button>
          </div>
          {done && (
            <div className="deployed" role="status">
              <p>
                Deployed {done.length} agent{done.length === 1 ? '' : 's'}:
              </p>
              <ul>
                {done.map((r) => (
                  <li key={r.agent.id}>
                    <a href="#" onClick={(e) => (e.preventDefault(), openAgent(r.agent.id))}>
                      {r.agent.name}
                    </a>{' '}
                    <span className="muted small">{r.agent.role}</span>
                    {r.briefing && r.briefing.status !== 'delivered' && <span className="small"> — briefing {r.briefing.status}</span>}
                  </li>
                ))}
              </ul>
              <button type="button" onClick={() => navigate('agents')}>
                Show the board
              </button>
            </div>
          )}
        </>
      )}
    </form>
  );
}
