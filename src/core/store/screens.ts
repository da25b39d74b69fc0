// Saved screens: the last screen and scrollback of an agent, kept when it is killed so the
// person can still read what it said. Bounded per agent, in total, by age and by size.
import type { StoreContext } from './context.js';
import { clip } from './context.js';
import { LIMITS } from './limits.js';
import { trimToCount } from './trim.js';
import { epochMs, text } from './validate.js';

export interface SavedScreen {
  id: number;
  agentId: string;
  agent: string;
  target: string;
  /** Scrollback plus visible screen, oldest line first. */
  text: string;
  reason: string;
  savedAt: number;
}

/** `server`: the tmux server of the pane (ServerIdentity key), when known. */
export type NewScreen = Omit<SavedScreen, 'id' | 'savedAt' | 'reason'> & { reason?: string; savedAt?: number; server?: string };

export interface ScreensApi {
  save(s: NewScreen): SavedScreen;
  /** The newest saved screen of an agent (by id, name or target), or null. */
  latest(agentOrId: string): SavedScreen | null;
  /** Newest first, without the text bodies' size limit lifted: at most 200 rows exist. */
  list(agentOrId?: string): SavedScreen[];
}

interface Row {
  id: number;
  agent_id: string;
  agent: string;
  target: string;
  text: string;
  reason: string;
  saved_at: number;
}

const toScreen = (r: Row): SavedScreen => ({
  id: r.id,
  agentId: r.agent_id,
  agent: r.agent,
  target: r.target,
  text: r.text,
  reason: r.reason,
  savedAt: r.saved_at,
});

const WHO = '(agent_id = ? OR agent = ? OR target = ?)';

export function createScreens(ctx: StoreContext): ScreensApi {
  return {
    save: (s) => {
      const server = text(s?.server ?? '', 'server', true);
      const row = {
        agentId: text(s.agentId, 'agentId'),
        agent: text(s.agent, 'agent'),
        target: text(s.target, 'target', true),
        // Keep the end: the last lines are what the agent said before it was killed.
        text: tail(text(s.text, 'screen text', true), LIMITS.screenTextChars),
        reason: clip(text(s.reason ?? 'killed', 'reason', true), LIMITS.transitionReasonChars),
        savedAt: s.savedAt === undefined ? Date.now() : epochMs(s.savedAt, 'savedAt'),
      };
      const id = ctx.write(() => {
        const id = Number(
          ctx
            .stmt('INSERT INTO screens (server, agent_id, agent, target, text, reason, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
            .run(server, row.agentId, row.agent, row.target, row.text, row.reason, row.savedAt).lastInsertRowid,
        );
        ctx
          .stmt(
            `DELETE FROM screens WHERE agent_id = ? AND id NOT IN
               (SELECT id FROM screens WHERE agent_id = ? ORDER BY id DESC LIMIT ?)`,
          )
          .run(row.agentId, row.agentId, LIMITS.screensPerAgent);
        trimToCount(ctx, 'screens', LIMITS.screensMaxRows, 1);
        return id;
      });
      return { id, ...row };
    },
    latest: (who) =>
      ctx.read(() => {
        const r = ctx.stmt(`SELECT * FROM screens WHERE ${WHO} ORDER BY saved_at DESC, id DESC LIMIT 1`).get(who, who, who) as
          | Row
          | undefined;
        return r ? toScreen(r) : null;
      }),
    list: (who) =>
      ctx.read(() =>
        (who === undefined
          ? (ctx.stmt('SELECT * FROM screens ORDER BY saved_at DESC, id DESC').all() as Row[])
          : (ctx.stmt(`SELECT * FROM screens WHERE ${WHO} ORDER BY saved_at DESC, id DESC`).all(who, who, who) as Row[])
        ).map(toScreen),
      ),
  };
}

function tail(s: string, max: number): string {
  if (s.length <= max) return s;
  const marker = `[${s.length - max} earlier characters dropped]\n`;
  return marker + s.slice(s.length - (max - marker.length));
}
