// Pure pieces of the actions layer: echo matching, key names, commands per type, team rosters
// and briefings, late notes.
import { describe, expect, it } from 'vitest';
import { agentCommand, programOf, resolveAgentCommand, lateNote, profileOf, showsText, squash, teamBriefing, teamMembers, tmuxKey, type Look } from '../../../src/core/actions/index.js';
import type { TeamTemplate } from '../../../src/shared/domain.js';

function look(input: string | null, screen = '', state: Look['classification']['state'] = 'unsubmitted'): Look {
  return { info: {} as Look['info'], screen, at: 0, classification: { state, reason: '', resetAt: null, input } };
}

describe('showsText', () => {
  it('matches a wrapped, indented echo of one line by its end', () => {
    expect(showsText(look('say "hi"; $HOME 🎉\nand more'), 'say "hi"; $HOME 🎉 and more')).toBe(true);
    expect(showsText(look('say "hi"; $HO'), 'say "hi"; $HOME 🎉 and more')).toBe(false);
    expect(showsText(look(''), 'x')).toBe(false);
  });
  it('takes a paste placeholder or any box text as a landed paste', () => {
    expect(showsText(look('[Pasted text #1 +2 lines]'), 'a\nb\nc')).toBe(true);
    expect(showsText(look('[Pasted Content 900 chars]'), 'x'.repeat(900))).toBe(true);
    expect(showsText(look('a'), 'a\nb')).toBe(true);
  });
  it('falls back to the screen when the box is taller than the screen', () => {
    expect(showsText(look(null, 'xxxxxxxx\nxx the very end of it'), 'x'.repeat(50) + ' the very end of it')).toBe(true);
    expect(showsText(look(null, 'nothing here'), 'the very end of it')).toBe(false);
  });
  it('squash drops all whitespace', () => {
    expect(squash(' a \n b\tc ')).toBe('abc');
  });
});

describe('names and commands', () => {
  it('finds the program a command line starts, or leaves it to the shell', () => {
    expect(programOf('claude')).toBe('claude');
    expect(programOf('  node /x/fake.mjs --flag')).toBe('node');
    expect(programOf('FOO=1 BAR=x exec /home/me/bin/agent -v')).toBe('/home/me/bin/agent');
    expect(programOf('sleep 1; claude')).toBe('sleep');
    expect(programOf('env codex --full-auto')).toBe('codex');
    expect(programOf('/opt/aider/bin/aider')).toBe('/opt/aider/bin/aider');
    for (const shellDecides of ['"my agent"', '$AGENT run', '~/bin/agent', '(cd x && claude)', '-x', '']) expect(programOf(shellDecides), shellDecides).toBeNull();
  });

  it('maps friendly key names to tmux ones and leaves others alone', () => {
    expect(['esc', 'Enter', 'up', 'y', '1', 'C-c', 'backspace'].map(tmuxKey)).toEqual(['Escape', 'Enter', 'Up', 'y', '1', 'C-c', 'BSpace']);
  });
  it('runs each type by name, with an env override, and custom as given', () => {
    expect(agentCommand('claude', undefined, {})).toBe('claude');
    expect(agentCommand('gemini', undefined, { ORC_AGENT_CMD_GEMINI: 'node fake.mjs' })).toBe('node fake.mjs');
    expect(agentCommand('codex', 'codex --full-auto', { ORC_AGENT_CMD_CODEX: 'x' })).toBe('codex --full-auto');
    expect(agentCommand('custom', 'python3 bot.py', {})).toBe('python3 bot.py');
    expect(() => agentCommand('custom', undefined, {})).toThrow(/needs a command/);
    // Settings → Agent commands come after the engine's environment variable, before the type's own name.
    const configured = { claude: 'claude --model opus', codex: '  ' };
    expect(resolveAgentCommand('claude', undefined, {}, configured)).toEqual({ command: 'claude --model opus', source: 'settings' });
    expect(resolveAgentCommand('claude', undefined, { ORC_AGENT_CMD_CLAUDE: 'node fake.mjs' }, configured)).toEqual({ command: 'node fake.mjs', source: 'env' });
    expect(resolveAgentCommand('claude', 'my-claude', { ORC_AGENT_CMD_CLAUDE: 'x' }, configured)).toEqual({ command: 'my-claude', source: 'given' });
    expect(resolveAgentCommand('codex', undefined, {}, configured)).toEqual({ command: 'codex', source: 'default' });
    expect(profileOf('custom')).toBe('generic');
    expect(profileOf('aider')).toBe('aider');
  });
});

describe('teams', () => {
  const t: TeamTemplate = { name: 'web', description: 'ship it', pmType: 'claude', engineerType: 'codex', engineers: 2, qa: true, briefing: 'Be brief.', cwd: null };
  it('names a PM, N engineers and QA', () => {
    expect(teamMembers('web', t)).toEqual([
      { name: 'web-pm', role: 'pm', type: 'claude' },
      { name: 'web-eng-1', role: 'engineer', type: 'codex' },
      { name: 'web-eng-2', role: 'engineer', type: 'codex' },
      { name: 'web-qa', role: 'qa', type: 'codex' },
    ]);
  });
  it('briefs each member with the roster and how to reach the others', () => {
    const members = teamMembers('web', t);
    const pm = teamBriefing('web', members[0]!, members, t);
    expect(pm).toContain('You are web-pm, the project manager of team "web".');
    expect(pm).toContain('Team goal: ship it');
    expect(pm).toContain('- web-pm: the project manager (you)');
    expect(pm).toContain('tmux-orc send NAME "your message"');
    expect(pm).toMatch(/have QA verify it/);
    expect(pm.endsWith('Be brief.')).toBe(true);
    expect(pm).toMatch(/tmux-orc MCP tools.*list_agents.*answer_prompt.*schedule_checkin/);
    const engineer = teamBriefing('web', members[1]!, members, t);
    expect(engineer).toContain('Report progress and questions to web-pm.');
    expect(engineer).not.toContain('MCP');
  });
});

describe('lateNote', () => {
  it('says when it was due and how late it is', () => {
    const s = { id: 7, server: 'local:/tmp/tmux-1000/default', target: 'eng', text: 'hi', nextAt: Date.UTC(2026, 0, 1, 9), everyMs: null, createdAt: 0, lastRunAt: null };
    expect(lateNote(s, s.nextAt + 90 * 60_000)).toBe('[late: scheduled check-in #7 was due 2026-01-01T09:00:00.000Z, delivered 90 min late]');
    expect(lateNote(s, s.nextAt + 5_000)).toMatch(/delivered 5 s late/);
  });
});
