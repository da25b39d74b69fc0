import { describe, expect, it } from 'vitest';
import { cliOf, recogniseAgent } from '../../../src/core/agents/recognise.js';

const pane = (over: Partial<Parameters<typeof recogniseAgent>[0]> = {}) => ({
  options: {},
  currentCommand: 'bash',
  windowName: 'shell',
  ...over,
});

describe('recogniseAgent', () => {
  it('a pane with @orc-type is an agent, whatever it runs', () => {
    expect(
      recogniseAgent(pane({ options: { type: 'codex', name: 'alice', role: 'engineer', team: 'web' }, currentCommand: 'bash' })),
    ).toEqual({ type: 'codex', role: 'engineer', name: 'alice', team: 'web', tagged: true });
    // Unknown type or role strings fall back rather than vanish.
    expect(recogniseAgent(pane({ options: { type: 'mystery', role: 'boss' }, windowName: 'w' }))).toEqual({
      type: 'generic',
      role: 'custom',
      name: 'w',
      team: null,
      tagged: true,
    });
  });

  it('untagged panes by the running command', () => {
    for (const cmd of ['claude', 'codex', 'gemini', 'aider'])
      expect(recogniseAgent(pane({ currentCommand: cmd, windowName: 'work' }))).toMatchObject({ type: cmd, tagged: false, role: 'custom' });
    expect(recogniseAgent(pane({ currentCommand: 'vim' }))).toBeNull();
    expect(recogniseAgent(pane({ currentCommand: 'bash' }))).toBeNull();
  });

  it('wrapped by node: the start command or the pane title tells', () => {
    expect(
      recogniseAgent(pane({ currentCommand: 'node', startCommand: 'node /x/node_modules/@google/gemini-cli/bundle/gemini.js' })),
    ).toMatchObject({ type: 'gemini' });
    expect(recogniseAgent(pane({ currentCommand: 'node', startCommand: 'npx @anthropic-ai/claude-code' }))).toMatchObject({ type: 'claude' });
    expect(recogniseAgent(pane({ currentCommand: 'node', paneTitle: '✳ Claude Code' }))).toMatchObject({ type: 'claude' });
    expect(recogniseAgent(pane({ currentCommand: 'node', paneTitle: '◇  Ready (app)' }))).toMatchObject({ type: 'gemini' });
    expect(recogniseAgent(pane({ currentCommand: 'node', startCommand: 'node server.js', paneTitle: 'host' }))).toBeNull();
  });

  it('window-name conventions of the original Tmux Orchestrator, as whole words', () => {
    expect(recogniseAgent(pane({ windowName: 'Claude-PM', currentCommand: 'node' }))).toMatchObject({ type: 'claude', role: 'pm' });
    expect(recogniseAgent(pane({ windowName: 'Claude-Agent', currentCommand: 'node' }))).toMatchObject({ type: 'claude', role: 'engineer' });
    expect(recogniseAgent(pane({ windowName: 'Project-Manager', currentCommand: 'claude' }))).toMatchObject({ type: 'claude', role: 'pm' });
    expect(recogniseAgent(pane({ windowName: 'QA', currentCommand: 'python3' }))).toMatchObject({ type: 'generic', role: 'qa' });
    for (const w of ['engineer', 'Developer-2', 'devops', 'backend_api', 'Frontend'])
      expect(recogniseAgent(pane({ windowName: w }))).toMatchObject({ role: 'engineer' });
    for (const w of ['npm', 'helpme', 'aqua', 'backendless', 'logs']) expect(recogniseAgent(pane({ windowName: w }))).toBeNull();
  });

  it('empty option strings count as unset', () => {
    expect(recogniseAgent(pane({ options: { type: '', name: '' } }))).toBeNull();
  });
});

describe('cliOf', () => {
  it('names the CLI in a path or command line', () => {
    expect(cliOf('/usr/local/bin/claude')).toBe('claude');
    expect(cliOf('node /a/node_modules/@anthropic-ai/claude-code/cli.js')).toBe('claude');
    expect(cliOf('python -m aider --model x')).toBe('aider');
    expect(cliOf('codex --full-auto')).toBe('codex');
    expect(cliOf('node build.js')).toBeNull();
    expect(cliOf(undefined)).toBeNull();
  });
});
