// Scheduled messages: list, create (at a time, in a while, every interval), cancel.
import { useEffect, useMemo, useState } from 'react';
import { apiMethods, type ApiInput } from '../../../shared/api.js';
import type { ScheduleRecord } from '../../../shared/domain.js';
import { EmptyState } from '../components/EmptyState.js';
import { errorMessage, formatAgo, formatDuration, formatTime, toLocalInput } from '../lib/format.js';
import { useNow } from '../lib/hooks.js';
import { apiFieldError, fieldErrors } from '../lib/validation.js';
import { useAppState, useServices } from '../state/context.js';

type Mode = 'at' | 'in' | 'every';
const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;

interface Form {
  target: string;
  text: string;
  mode: Mode;
  at: string;
  amount: string;
  unit: Unit;
}

/** The contract input from the form. */
export function scheduleInput(f: Form): ApiInput<'schedule'> {
  const base = { target: f.target.trim(), text: f.text };
  if (f.mode === 'at') {
    const at = f.at ? new Date(f.at).getTime() : NaN;
    return { ...base, at: Number.isFinite(at) ? at : -1 };
  }
  const ms = Math.round(Number(f.amount) * UNIT_MS[f.unit]);
  return f.mode === 'in' ? { ...base, inMs: ms } : { ...base, everyMs: ms };
}

const FIELD_OF: Record<string, string> = { at: 'when', inMs: 'when', everyMs: 'when', target: 'target', text: 'text' };

export function Schedules() {
  const { api } = useServices();
  const agents = useAppState((s) => s.agents);
  const now = useNow(10_000);
  const [list, setList] = useState<ScheduleRecord[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState<Form>({ target: '', text: '', mode: 'every', at: toLocalInput(Date.now() + 3_600_000), amount: '30', unit: 'minutes' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const names = useMemo(() => [...agents.values()].map((a) => a.name).sort(), [agents]);

  const reload = () =>
    api.listSchedules({}).then(
      (l) => {
        setLoadError(null);
        setList([...l].sort((a, b) => a.nextAt - b.nextAt));
      },
      (err: unknown) => setLoadError(errorMessage(err)),
    );
  useEffect(() => {
    void reload();
  }, [api]);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors({});
  };

  const submit = async () => {
    const input = scheduleInput(form);
    const errs: Record<string, string> = {};
    if (form.mode === 'at' && (input.at ?? 0) <= Date.now()) errs.when = 'pick a time in the future';
    if (form.mode !== 'at' && !(Number(form.amount) > 0)) errs.when = 'give a positive number';
    const parsed = apiMethods.schedule.input.safeParse(input);
    if (!parsed.success) {
      for (const [k, v] of Object.entries(fieldErrors(parsed.error))) errs[FIELD_OF[k] ?? 'when'] ??= v;
    }
    if (Object.keys(errs).length) return setErrors(errs);
    setSaving(true);
    try {
      await api.schedule(input);
      setForm((f) => ({ ...f, text: '' }));
      await reload();
    } catch (err) {
      const e = apiFieldError('schedule', errorMessage(err), Object.keys(FIELD_OF));
      setErrors(Object.fromEntries(Object.entries(e).map(([k, v]) => [FIELD_OF[k] ?? '', v])));
    } finally {
      setSaving(false);
    }
  };

  const cancel = async (id: number) => {
    try {
      await api.cancelSchedule({ id });
      setList((l) => l?.filter((s) => s.id !== id) ?? null);
    } catch (err) {
      setLoadError(errorMessage(err));
    }
  };

  const err = (k: string) => errors[k] && <span className="field-error" role="alert">{errors[k]}</span>;

  return (
    <section className="view schedules">
      <header className="view-head">
        <h1>Schedules</h1>
      </header>
      <div className="two-col">
        <div>
          {loadError && <div className="notice notice-error" role="alert">{loadError}</div>}
          {!list ? (
            !loadError && <div className="loading">Loading schedules…</div>
          ) : list.length === 0 ? (
            <EmptyState icon="◷" title="Nothing scheduled">
              Schedule a check-in — for example, ask your PM for a status report every 30 minutes.
            </EmptyState>
          ) : (
            <table className="grid-table">
              <thead>
                <tr>
                  <th>To</th>
                  <th>Message</th>
                  <th>Next</th>
                  <th>Repeats</th>
                  <th>Last run</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.id}>
                    <td className="mono">{s.target}</td>
                    <td className="clip" title={s.text}>{s.text}</td>
                    <td title={formatTime(s.nextAt, now)}>{formatAgo(s.nextAt, now)}</td>
                    <td>{s.everyMs ? `every ${formatDuration(s.everyMs)}` : 'once'}</td>
                    <td>{s.lastRunAt ? formatAgo(s.lastRunAt, now) : <span className="muted">never</span>}</td>
                    <td>
                      <button type="button" className="small" onClick={() => void cancel(s.id)}>
                        Cancel
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <form
          noValidate
          className="card form"
          aria-label="New schedule"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h2>New schedule</h2>
          {errors[''] && <div className="form-error" role="alert">{errors['']}</div>}
          <label>
            To (agent name or target)
            <input list="schedule-agents" value={form.target} onChange={(e) => set('target', e.target.value)} placeholder="e.g. pm-payments" />
            <datalist id="schedule-agents">
              {names.map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
            {err('target')}
          </label>
          <label>
            Message
            <textarea rows={3} value={form.text} onChange={(e) => set('text', e.target.value)} placeholder="Status report please: what is done, what is blocked?" />
            {err('text')}
          </label>
          <div className="segmented" role="group" aria-label="When">
            {(['at', 'in', 'every'] as Mode[]).map((m) => (
              <button key={m} type="button" className={form.mode === m ? 'on' : ''} aria-pressed={form.mode === m} onClick={() => set('mode', m)}>
                {m === 'at' ? 'At a time' : m === 'in' ? 'In…' : 'Every…'}
              </button>
            ))}
          </div>
          {form.mode === 'at' ? (
            <label>
              At
              <input type="datetime-local" value={form.at} onChange={(e) => set('at', e.target.value)} />
            </label>
          ) : (
            <div className="row2">
              <label>
                {form.mode === 'in' ? 'In' : 'Every'}
                <input type="number" min="1" value={form.amount} onChange={(e) => set('amount', e.target.value)} />
              </label>
              <label>
                Unit
                <select value={form.unit} onChange={(e) => set('unit', e.target.value as Unit)}>
                  <option value="minutes">minutes</option>
                  <option value="hours">hours</option>
                  <option value="days">days</option>
                </select>
              </label>
            </div>
          )}
          {err('when')}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={saving}>
              {saving ? 'Scheduling…' : 'Schedule'}
            </button>
          </div>
        </form>
      </div>
    </section>
  );
}
