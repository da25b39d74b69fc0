// Alerts in the browser: the page title and favicon carry the count of agents needing the
// person, and new notifications become Web Notifications (after the person allowed them with a
// click; never asked on load) with an optional sound. The desktop app keeps its native ones.
import type { NotificationRecord } from '../../../shared/domain.js';
import { KIND_LABEL } from './states.js';

export const APP_TITLE = 'Tmux Orchestrator';
const SOUND_KEY = 'orc.alerts.sound';

/** "(3) Tmux Orchestrator" while 3 agents need the person. */
export function titleFor(count: number, base = APP_TITLE): string {
  return count > 0 ? `(${count > 99 ? '99+' : count}) ${base}` : base;
}

/** What a Web Notification shows for a record: a grouped burst is one alert. */
export function alertFor(n: NotificationRecord): { title: string; body: string; tag: string } {
  const who = n.members.length > 1 ? `${n.members.length} agents` : (n.agent ?? (n.team ? `team ${n.team}` : 'Tmux Orchestrator'));
  return { title: `${KIND_LABEL[n.kind]}: ${who}`, body: n.text.slice(0, 300), tag: `orc-${n.id}` };
}

/** Web Notifications exist here and the person allowed them. */
export function alertsAllowed(): boolean {
  return typeof Notification === 'function' && Notification.permission === 'granted';
}

export function soundOn(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) === 'on';
  } catch {
    return false;
  }
}

export function setSound(on: boolean): void {
  try {
    localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // not kept; fine
  }
}

/** A short two-tone chime (Web Audio: no file to ship). */
export function chime(): void {
  const Ctx = (window as Window & { AudioContext?: typeof AudioContext }).AudioContext;
  if (!Ctx) return;
  try {
    const ctx = new Ctx();
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    gain.gain.setValueAtTime(0.12, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.45);
    [880, 660].forEach((hz, i) => {
      const osc = ctx.createOscillator();
      osc.frequency.value = hz;
      osc.connect(gain);
      osc.start(ctx.currentTime + i * 0.15);
      osc.stop(ctx.currentTime + 0.15 + i * 0.15);
    });
    setTimeout(() => void ctx.close(), 1_000);
  } catch {
    // audio refused (no user gesture yet): the alert itself still shows
  }
}

/**
 * The favicon as a data URL: the app mark, with a red count badge when count > 0. Null where
 * there is no canvas (tests).
 */
export function faviconFor(count: number, doc: Document = document): string | null {
  const canvas = doc.createElement('canvas');
  canvas.width = canvas.height = 32;
  let g: CanvasRenderingContext2D | null = null;
  try {
    g = canvas.getContext('2d');
  } catch {
    g = null;
  }
  if (!g) return null;
  g.fillStyle = '#1f6feb';
  g.beginPath();
  g.roundRect(2, 2, 28, 28, 6);
  g.fill();
  g.fillStyle = '#ffffff';
  g.fillRect(8, 8, 7, 16);
  if (count > 0) {
    g.fillStyle = '#b42318';
    g.beginPath();
    g.arc(22, 10, 10, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#ffffff';
    g.font = 'bold 13px sans-serif';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(count > 9 ? '9+' : String(count), 22, 11);
  }
  return canvas.toDataURL('image/png');
}
