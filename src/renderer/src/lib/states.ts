import type { AgentState, NotificationKind } from '../../../shared/vocabulary.js';

/** A state is always shown as colour + icon + word, never colour alone. */
export const STATE_META: Record<AgentState, { label: string; icon: string }> = {
  starting: { label: 'Starting', icon: '◔' },
  busy: { label: 'Busy', icon: '⟳' },
  idle: { label: 'Idle', icon: '✓' },
  waiting: { label: 'Waiting', icon: '?' },
  unsubmitted: { label: 'Unsent text', icon: '✎' },
  rate_limited: { label: 'Rate limited', icon: '‖' },
  crashed: { label: 'Crashed', icon: '✕' },
  error: { label: 'Error', icon: '!' },
  unknown: { label: 'Unknown', icon: '·' },
};

export const KIND_LABEL: Record<NotificationKind, string> = {
  idle: 'Idle',
  waiting: 'Needs a decision',
  unsubmitted: 'Unsent text',
  rate_limited: 'Rate limited',
  crashed: 'Crashed',
  error: 'Error',
  team_idle: 'Team idle',
  lost: 'Lost agents',
};

/** The agent state a notification kind is coloured like. */
export const KIND_STATE: Record<NotificationKind, AgentState> = {
  idle: 'idle',
  waiting: 'waiting',
  unsubmitted: 'unsubmitted',
  rate_limited: 'rate_limited',
  crashed: 'crashed',
  error: 'error',
  team_idle: 'idle',
  lost: 'crashed',
};
