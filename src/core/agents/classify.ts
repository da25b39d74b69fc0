// The screen classifier: screen text + pane facts → one state of the vocabulary and a short
// human reason. Pure; each profile owns its patterns (src/core/agents/profiles/*).
import type { AgentType } from '../../shared/vocabulary.js';
import { classifyAider } from './profiles/aider.js';
import { classifyClaude } from './profiles/claude.js';
import { classifyCodex } from './profiles/codex.js';
import type { Classification, PaneFacts, ProfileClassifier, ProfilePace } from './profiles/common.js';
import { classifyGemini } from './profiles/gemini.js';
import { classifyGeneric } from './profiles/generic.js';
import { classifyOpencode, OPENCODE_PACE } from './profiles/opencode.js';
import { readPrompt } from './prompt.js';
import { classifyQwen } from './profiles/qwen.js';

export type { Classification, PaneFacts, ProfileClassifier, ProfilePace } from './profiles/common.js';
export { isShell } from './profiles/common.js';
export { parseResetTime } from './profiles/reset-time.js';
export { promptFingerprint, readPrompt, type ScreenPrompt } from './prompt.js';

export const PROFILE_CLASSIFIERS: Readonly<Record<AgentType, ProfileClassifier>> = {
  claude: classifyClaude,
  codex: classifyCodex,
  gemini: classifyGemini,
  qwen: classifyQwen,
  opencode: classifyOpencode,
  aider: classifyAider,
  generic: classifyGeneric,
};

/** The CLIs slower than most at taking a message or redrawing; the others take the defaults. */
const PROFILE_PACES: Readonly<Partial<Record<AgentType, ProfilePace>>> = { opencode: OPENCODE_PACE };

export function profilePace(type: AgentType): ProfilePace {
  return PROFILE_PACES[type] ?? {};
}

/** The profile's verdict; a waiting agent's carries the prompt it shows (question, options, fingerprint). */
export function classifyScreen(type: AgentType, screen: string, facts: PaneFacts): Classification {
  const c = PROFILE_CLASSIFIERS[type](screen, facts);
  return c.state === 'waiting' ? { ...c, prompt: readPrompt(type, screen) } : c;
}
