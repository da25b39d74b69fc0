// Settings: a draft of the engine's settings, validated with the contract's own schema before
// it is sent, errors shown beside their field.
import { useEffect, useState, type ReactNode } from 'react';
import type { z } from 'zod';
import { apiMethods } from '../../../shared/api.js';
import { agentCommandVar, PROGRAM_TYPES, type Settings as SettingsT } from '../../../shared/settings.js';
import { NOTIFICATION_KINDS } from '../../../shared/vocabulary.js';
import { errorMessage } from '../lib/format.js';
import { KIND_LABEL } from '../lib/states.js';
import { apiFieldError } from '../lib/validation.js';
import { useAppState, useServices } from '../state/context.js';

type Patch = Partial<SettingsT>;

/** Top-level keys whose value differs (compared as JSON: settings are plain data). */
export function settingsPatch(base: SettingsT, draft: SettingsT): Patch {
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(draft) as (keyof SettingsT)[]) {
    if (JSON.stringify(base[k]) !== JSON.stringify(draft[k])) patch[k] = draft[k];
  }
  return patch as Patch;
}

/** How a field is shown: the schema holds ms, the form shows seconds. */
function unitOf(path: string): [scale: number, unit: string] {
  if (path === 'quietMs' || path === 'reconcileIntervalMs' || path.startsWith('cooldownMs.')) return [1000, 'seconds'];
  if (path === 'teamIdleMinutes') return [1, 'minutes'];
  if (path.endsWith('Days')) return [1, 'days'];
  if (path.endsWith('Hours')) return [1, 'hours'];
  if (path.endsWith('Rows')) return [1, 'rows'];
  return [1, ''];
}

/** One line per field, in the units the form shows. */
export function settingsErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.');
    if (key in out) continue;
    const [scale, unit] = unitOf(key);
    const amount = (v: unknown) => {
      const n = Number(v) / scale;
      return `${n} ${n === 1 ? unit.replace(/s$/, '') : unit}`.trim();
    };
    if (issue.code === 'too_small') out[key] = `must be at least ${amount(issue.minimum)}`;
    else if (issue.code === 'too_big') out[key] = `must be at most ${amount(issue.maximum)}`;
    else if (issue.code === 'invalid_type' && issue.expected === 'number') out[key] = 'enter a number';
    else out[key] = issue.message;
  }
  return out;
}

const FIELDS = [
  'quietMs',
  'reconcileIntervalMs',
  'teamIdleMinutes',
  ...NOTIFICATION_KINDS.map((k) => `cooldownMs.${k}`),
  'retention.notificationsMaxRows',
  'retention.notificationsDays',
  'retention.transitionsDays',
  'retention.messagesDays',
  'retention.rawMetricsHours',
  'retention.rollupDays',
  'tmux.socketName',
  'tmux.socketPath',
  'hosts',
  'autoContinue.agents',
  'autoContinue.teams',
  'autoContinue.text',
  ...PROGRAM_TYPES.map((t) => `agentCommands.${t}`),
];

/** One name per line: the lines typed, trimmed, blanks dropped, each once. */
export function namesOf(text: string): string[] {
  return [...new Set(text.split('\n').map((l) => l.trim()).filter(Boolean))];
}

/** How a tmux server is named on the command line. */
export function serverLabel(t: { socketName: string | null; socketPath: string | null }): string {
  return t.socketPath ? `tmux -S ${t.socketPath}` : t.socketName ? `tmux -L ${t.socketName}` : 'the default tmux server';
}

export function Settings() {
  const { api, store } = useServices();
  const saved = useAppState((s) => s.settings);
  const status = useAppState((s) => s.status);
  const [draft, setDraft] = useState<SettingsT | null>(saved);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  // The hosts box keeps its raw text (blank lines while typing); the draft holds the parsed list.
  const [hostsText, setHostsText] = useState<string | null>(null);
  // So do the auto-continue name lists.
  const [namesText, setNamesText] = useState<{ agents?: string; teams?: string }>({});
  const agents = useAppState((s) => s.agents);

  useEffect(() => {
    if (saved && !draft) setDraft(saved);
  }, [saved, draft]);

  if (!saved || !draft) return <section className="view"><div className="loading">Loading settings…</div></section>;
  const patch = settingsPatch(saved, draft);
  const dirty = Object.keys(patch).length > 0;

  const update = (fn: (d: SettingsT) => SettingsT) => {
    setDraft((d) => (d ? fn(d) : d));
    setErrors({});
    setState('idle');
  };

  const save = async () => {
    const parsed = apiMethods.updateSettings.input.safeParse(patch);
    if (!parsed.success) return setErrors(settingsErrors(parsed.error));
    setState('saving');
    try {
      const next = await api.updateSettings(patch);
      store.dispatch({ type: 'settings', settings: next });
      setDraft(next);
      setHostsText(null);
      setNamesText({});
      setState('saved');
    } catch (err) {
      setErrors(apiFieldError('updateSettings', errorMessage(err), FIELDS));
      setState('idle');
    }
  };

  const err = (k: string) => errors[k] && <span className="field-error" role="alert">{errors[k]}</span>;
  const num = (k: string, label: ReactNode, value: number, scale: number, onSet: (v: number) => void, unit: string, step = 1) => (
    <label key={k}>
      {label}
      <span className="with-unit">
        <input type="number" step={step} value={Number.isFinite(value) ? value / scale : ''} onChange={(e) => onSet(e.target.value === '' ? NaN : Math.round(Number(e.target.value) * scale))} aria-invalid={!!errors[k]} />
        <span className="muted small">{unit}</span>
      </span>
      {err(k)}
    </label>
  );
  const check = (label: string, value: boolean, onSet: (v: boolean) => void, hint?: string) => (
    <label className="check" key={label}>
      <input type="checkbox" checked={value} onChange={(e) => onSet(e.target.checked)} /> {label}
      {hint && <span className="muted small"> — {hint}</span>}
    </label>
  );
  const d = draft;
  /** The first error under a path prefix (a list's item errors are keyed `list.N`). */
  const errUnder = (prefix: string) =>
    Object.entries(errors).filter(([k]) => k === prefix || k.startsWith(`${prefix}.`)).slice(0, 1).map(([k, v]) => <span key={k} className="field-error" role="alert">{v}</span>);
  const nameList = (key: 'agents' | 'teams', label: string, hint: string, known: string[]) => {
    const listed = d.autoContinue[key];
    const more = known.filter((n) => !listed.includes(n));
    return (
      <label>
        {label} <span className="muted small">({hint})</span>
        <textarea className="mono" rows={3} value={namesText[key] ?? listed.join('\n')} aria-invalid={Object.keys(errors).some((k) => k.startsWith(`autoContinue.${key}`))}
          onChange={(e) => {
            const text = e.target.value;
            setNamesText((t) => ({ ...t, [key]: text }));
            update((x) => ({ ...x, autoContinue: { ...x.autoContinue, [key]: namesOf(text) } }));
          }}
        />
        {more.length > 0 && <span className="muted small">Now running: {more.slice(0, 12).join(', ')}{more.length > 12 ? ` and ${more.length - 12} more` : ''}</span>}
        {errUnder(`autoContinue.${key}`)}
      </label>
    );
  };
  const running = [...agents.values()];
  const runningTeams = [...new Set(running.flatMap((a) => (a.team ? [a.team] : [])))].sort();
  const runningNames = [...new Set(running.map((a) => a.name))].sort();
  const ret = (key: keyof SettingsT['retention'], label: string, unit: string) =>
    num(`retention.${key}`, label, d.retention[key], 1, (v) => update((x) => ({ ...x, retention: { ...x.retention, [key]: v } })), unit);

  return (
    <section className="view settings">
      <header className="view-head">
        <h1>Settings</h1>
        <div className="toolbar">
          {state === 'saved' && !dirty && <span className="ok-text small" role="status">Saved</span>}
          {errors[''] && <span className="error-text small" role="alert">{errors['']}</span>}
          <button type="button" disabled={!dirty || state === 'saving'} onClick={() => (setDraft(saved), setHostsText(null), setNamesText({}), setErrors({}))}>
            Discard
          </button>
          <button type="button" className="primary" disabled={!dirty || state === 'saving'} onClick={() => void save()}>
            {state === 'saving' ? 'Saving…' : 'Save changes'}
          </button>
        </div>
      </header>
      <div className="settings-grid">
        <fieldset className="card">
          <legend>Monitoring</legend>
          {num('quietMs', 'Quiet time before busy counts as idle', d.quietMs, 1000, (v) => update((x) => ({ ...x, quietMs: v })), 'seconds', 0.5)}
          {num('reconcileIntervalMs', 'Reconcile sweep every', d.reconcileIntervalMs, 1000, (v) => update((x) => ({ ...x, reconcileIntervalMs: v })), 'seconds')}
          {num('teamIdleMinutes', 'A team counts as idle after', d.teamIdleMinutes, 1, (v) => update((x) => ({ ...x, teamIdleMinutes: v })), 'minutes')}
          {check('Submit text left unsent, once', d.autoSubmitUnsent, (v) => update((x) => ({ ...x, autoSubmitUnsent: v })))}
          {check('Restart crashed agents', d.autoRestart, (v) => update((x) => ({ ...x, autoRestart: v })), 'with backoff')}
          {check('Send PMs reports of their team', d.pmReports, (v) => update((x) => ({ ...x, pmReports: v })))}
        </fieldset>
        <fieldset className="card">
          <legend>Notifications</legend>
          <table className="kinds">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Desktop</th>
                <th>Cooldown</th>
              </tr>
            </thead>
            <tbody>
              {NOTIFICATION_KINDS.map((k) => (
                <tr key={k}>
                  <td>{KIND_LABEL[k]}</td>
                  <td>
                    <input type="checkbox" aria-label={`Desktop notification: ${KIND_LABEL[k]}`} checked={d.desktopNotify[k]} onChange={(e) => update((x) => ({ ...x, desktopNotify: { ...x.desktopNotify, [k]: e.target.checked } }))} />
                  </td>
                  <td>
                    {num(`cooldownMs.${k}`, <span className="sr-only">Cooldown for {KIND_LABEL[k]}</span>, d.cooldownMs[k], 1000, (v) => update((x) => ({ ...x, cooldownMs: { ...x.cooldownMs, [k]: v } })), 's')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        <fieldset className="card">
          <legend>After a usage limit</legend>
          <p className="muted small">
            At the reset time the limit shows, the agents and teams listed here are sent this text once, as soon as they can take it. Empty lists: nobody is.
          </p>
          {nameList('teams', 'Teams that continue by themselves', 'one per line', runningTeams)}
          {nameList('agents', 'Agents that continue by themselves', 'one name per line, besides their teams', runningNames)}
          <label>
            Text sent
            <input className="mono" value={d.autoContinue.text} aria-invalid={!!errors['autoContinue.text']} onChange={(e) => update((x) => ({ ...x, autoContinue: { ...x.autoContinue, text: e.target.value } }))} />
            {err('autoContinue.text')}
          </label>
        </fieldset>
        <fieldset className="card">
          <legend>History retention</legend>
          {ret('notificationsMaxRows', 'Notifications kept (rows)', 'rows')}
          {ret('notificationsDays', 'Notifications kept for', 'days')}
          {ret('transitionsDays', 'State timeline kept for', 'days')}
          {ret('messagesDays', 'Message log kept for', 'days')}
          {ret('rawMetricsHours', 'Raw metrics kept for', 'hours')}
          {ret('rollupDays', 'Metric rollups kept for', 'days')}
        </fieldset>
        <fieldset className="card">
          <legend>tmux servers</legend>
          {status?.server && (
            <p className="small" role="status" aria-label="Watched tmux server">
              Watching <code>{serverLabel(status.server)}</code>
              {serverLabel(status.server) !== serverLabel(saved.tmux) && (
                <span className="muted"> — given when the engine started (-L/-S); the fields below apply when none is given</span>
              )}
            </p>
          )}
          <label>
            Socket name <span className="muted small">(tmux -L; empty for the default server)</span>
            <input className="mono" value={d.tmux.socketName ?? ''} onChange={(e) => update((x) => ({ ...x, tmux: { ...x.tmux, socketName: e.target.value || null } }))} />
            {err('tmux.socketName')}
          </label>
          <label>
            Socket path <span className="muted small">(tmux -S; overrides the name)</span>
            <input className="mono" value={d.tmux.socketPath ?? ''} onChange={(e) => update((x) => ({ ...x, tmux: { ...x.tmux, socketPath: e.target.value || null } }))} />
            {err('tmux.socketPath')}
          </label>
          <label>
            Remote hosts over SSH <span className="muted small">(one per line, e.g. me@buildbox)</span>
            <textarea className="mono" rows={3} value={hostsText ?? d.hosts.join('\n')}
              onChange={(e) => {
                const text = e.target.value;
                setHostsText(text);
                update((x) => ({ ...x, hosts: text.split('\n').map((h) => h.trim()).filter(Boolean) }));
              }}
            />
            {Object.entries(errors).filter(([k]) => k.startsWith('hosts')).slice(0, 1).map(([k, v]) => <span key={k} className="field-error" role="alert">{v}</span>)}
          </label>
        </fieldset>
        <fieldset className="card">
          <legend>Agent commands</legend>
          <p className="muted small">What each type runs when spawned; empty runs the type's own program.</p>
          {PROGRAM_TYPES.map((t) => {
            const override = status?.agentCommandOverrides?.[t];
            return (
              <label key={t}>
                {t}
                <input className="mono" placeholder={t} value={d.agentCommands[t]} aria-describedby={override ? `override-${t}` : undefined}
                  onChange={(e) => update((x) => ({ ...x, agentCommands: { ...x.agentCommands, [t]: e.target.value } }))} />
                {override && (
                  <span id={`override-${t}`} className="warn-text small">
                    {agentCommandVar(t)} is set in the engine's environment and wins: <code>{override}</code>
                  </span>
                )}
                {err(`agentCommands.${t}`)}
              </label>
            );
          })}
        </fieldset>
        <fieldset className="card">
          <legend>Appearance and desktop</legend>
          <label>
            Theme
            <select value={d.theme} onChange={(e) => update((x) => ({ ...x, theme: e.target.value as SettingsT['theme'] }))}>
              <option value="system">Follow the system</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </label>
          {check('Close to the tray', d.closeToTray, (v) => update((x) => ({ ...x, closeToTray: v })), 'desktop app keeps watching')}
          {check('Open at login', d.openAtLogin, (v) => update((x) => ({ ...x, openAtLogin: v })), 'desktop app')}
        </fieldset>
      </div>
    </section>
  );
}
