// Which panes are agents: tagged panes (`@orc-type` set) always; untagged panes by the program
// they run (also when wrapped by node: then the start command or pane title tells) and by the
// window-name conventions of the original Tmux Orchestrator (`Claude-*`, `pm`, `engineer`, …).
import {
  AGENT_ROLES,
  AGENT_TYPES,
  type AgentRole,
  type AgentType,
} from '../../shared/vocabulary.js';

export interface PaneTags {
  name?: string;
  type?: string;
  role?: string;
  team?: string;
}

export interface RecogniseInput {
  /** The pane's `@orc-*` user options (empty strings count as unset). */
  options: PaneTags;
  currentCommand: string;
  windowName: string;
  paneTitle?: string;
  startCommand?: string;
}

export interface Recognised {
  type: AgentType;
  role: AgentRole;
  name: string;
  team: string | null;
  tagged: boolean;
}

const CLI_TYPES: readonly (Exclude<AgentType, 'generic'>)[] = ['claude', 'codex', 'gemini', 'aider'];
const WRAPPERS = new Set(['node', 'nodejs', 'bun', 'deno', 'npx', 'python', 'python3', 'uv', 'uvx', 'pipx']);

/** Window names of the original orchestrator and the role they imply (whole words, any case). */
const ROLE_WORDS: readonly [RegExp, AgentRole][] = [
  [/\borchestrator\b/i, 'orchestrator'],
  [/\b(?:pm|project[-_ ]?manager)\b/i, 'pm'],
  [/\bqa\b/i, 'qa'],
  [/\b(?:engineer|developer|devops|backend|frontend)\b/i, 'engineer'],
];

const clean = (v: string | undefined): string | undefined => (v && v.trim() !== '' ? v.trim() : undefined);

function isType(v: string): v is AgentType {
  return (AGENT_TYPES as readonly string[]).includes(v);
}

function isRole(v: string): v is AgentRole {
  return (AGENT_ROLES as readonly string[]).includes(v);
}

/** The agent CLI named by a program path or command line (`/usr/bin/claude`, `node …/gemini.js`). */
export function cliOf(text: string | undefined): Exclude<AgentType, 'generic'> | null {
  if (!text) return null;
  const words = text.toLowerCase().split(/[\s/\\'"]+/).filter(Boolean);
  for (const w of words) {
    const base = w.replace(/\.(?:m?js|cjs|exe|py)$/, '').replace(/^@[a-z-]+$/, '');
    const hit = CLI_TYPES.find((t) => base === t || base === `${t}-cli` || base === `${t}-code`);
    if (hit) return hit;
  }
  return null;
}

function roleOf(windowName: string): AgentRole | null {
  if (/^claude-/i.test(windowName)) {
    const rest = windowName.slice('claude-'.length);
    return ROLE_WORDS.find(([re]) => re.test(rest))?.[1] ?? 'engineer';
  }
  return ROLE_WORDS.find(([re]) => re.test(windowName.replace(/[-_.]/g, ' ')))?.[1] ?? null;
}

/** The agent a pane holds, or null when it is not an agent. */
export function recogniseAgent(input: RecogniseInput): Recognised | null {
  const { options, currentCommand, windowName } = input;
  const taggedType = clean(options.type);
  const nameTag = clean(options.name);
  const roleTag = clean(options.role);
  const team = clean(options.team) ?? null;
  if (taggedType) {
    const type = isType(taggedType) ? taggedType : 'generic';
    const role = roleTag && isRole(roleTag) ? roleTag : (roleOf(windowName) ?? 'custom');
    return { type, role, name: nameTag ?? windowName, team, tagged: true };
  }

  const command = currentCommand.trim().split('/').pop() ?? '';
  const direct = cliOf(command);
  const wrapped = WRAPPERS.has(command.toLowerCase()) || command === '' ? (cliOf(input.startCommand) ?? titleCli(input.paneTitle)) : null;
  const byName = /^claude-/i.test(windowName) ? 'claude' : null;
  const role = roleOf(windowName);
  const type = direct ?? wrapped ?? byName;
  if (type) return { type, role: roleTag && isRole(roleTag) ? roleTag : (role ?? 'custom'), name: nameTag ?? windowName, team, tagged: false };
  if (role) return { type: 'generic', role, name: nameTag ?? windowName, team, tagged: false };
  return null;
}

/** Claude Code titles its pane `✳ Claude Code`; Gemini CLI `◇  Ready (dir)` / `✦  Working… (dir)`. */
function titleCli(title: string | undefined): Exclude<AgentType, 'generic'> | null {
  if (!title) return null;
  if (/\bClaude Code\b/.test(title)) return 'claude';
  if (/\bGemini\b/i.test(title) || /^[◇✦✋]\s+\S/.test(title)) return 'gemini';
  if (/\bCodex\b/i.test(title)) return 'codex';
  if (/\baider\b/i.test(title)) return 'aider';
  return null;
}
