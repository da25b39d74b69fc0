// Agents: which panes are agents (registry, recognition, target resolution), the profiles'
// screen classifier and prompt reader (pure functions), and agents' own hooks.
export { classifyScreen, isShell, parseResetTime, PROFILE_CLASSIFIERS, profilePace, type Classification, type PaneFacts, type ProfileClassifier, type ProfilePace } from './classify.js';
export { promptFingerprint, readPrompt, type ScreenPrompt } from './prompt.js';
export {
  AgentRegistry,
  agentFromRow,
  agentsFromListing,
  listingCommands,
  listPaneFacts,
  onePaneFacts,
  parseListing,
  MAX_PANES,
  type RegistryDiff,
  type RegistryOptions,
} from './registry.js';
export { resolvePane, resolveTarget, type PaneLike } from './targets.js';
export { endProcesses, processTree, programUnderShell, startsThroughShell } from './process-tree.js';
export { HOOK_CHANNEL, HOOK_OPTION, HOOK_SOURCES, hookEventOf, hookTmuxCommands, parseHookEvent, type HookEvent, type HookSource } from './hooks.js';
export { hookLaunch, tmuxOrcArgv, type HookInstallOptions, type HookLaunch } from './hook-install.js';
