// Actions: what is done TO agents — messages (verified), keys, spawn, teams, kill, restart,
// scheduled check-ins. See actions.ts for the object the orchestrator and the CLI call.
export {
  createActions,
  monitorLeaseHeld,
  type Actions,
  type ActionsOptions,
  type AgentActions,
  type AgentMethod,
  type HostActions,
  type HostMethod,
} from './actions.js';
export { DEFAULT_TIMINGS, type ActionTimings } from './context.js';
export { oneShotDirectory, listAgentsNow, resolveAgent, type AgentDirectory, type AgentChanges, type PlainPanes } from './directory.js';
export { createScheduler, lateNote, type Scheduler, type SchedulerOptions, type ScheduleInput } from './scheduler.js';
export { createAutoContinuer, type AutoContinuer } from './auto-continue.js';
export { createAutoRestarter, type AutoRestarter, type AutoRestartOptions, type KillResult } from './lifecycle.js';
export { agentCommand, profileOf, programOf, resolveAgentCommand, type CommandSource } from './spawn.js';
export { teamMembers, teamBriefing, type TeamMember } from './team.js';
export { tmuxKey } from './messaging.js';
export { showsText, squash, typeText, PASTE_OVER_CHARS, type Outcome } from './protocol.js';
export type { Look } from './observe.js';
export { checkNamesLost } from './restore.js';
