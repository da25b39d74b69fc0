// The workbench parts of the agent detail over the in-memory engine: the Changes tab and the
// Kill dialog that asks before deleting a worktree's unsaved work.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentChanges } from '../../src/shared/domain.js';
import { agent, memoryEngine } from './memory-engine.js';
import { renderApp } from './render-app.js';

afterEach(cleanup);

const open = (id: string) => `#/agents/${encodeURIComponent(id)}`;
const DIFF = ['diff --git a/app.txt b/app.txt', 'index 1111111..2222222 100644', '--- a/app.txt', '+++ b/app.txt', '@@ -1 +1,2 @@', ' line one', '+added by the agent', ''].join('\n');

function worktreeChanges(id: string, dirtyFiles: number): AgentChanges {
  return {
    agentId: id,
    dir: '/repo/.orc-worktrees/eng',
    repo: '/repo/.orc-worktrees/eng',
    base: 'abc',
    baseLabel: 'main (where feature/x branched off)',
    worktree: { path: '/repo/.orc-worktrees/eng', repo: '/repo', branch: 'feature/x', baseBranch: 'main', mergeBase: 'abc', dirtyFiles, unmergedCommits: 0 },
    files: [{ path: 'app.txt', added: 1, removed: 0, binary: false }],
    diff: DIFF,
    truncated: false,
  };
}

describe('Changes tab', () => {
  it('shows files with counts and the diff, and commits a worktree agent\'s work', async () => {
    const engine = memoryEngine([agent('eng')]);
    engine.changes.set('local/eng', worktreeChanges('local/eng', 1));
    renderApp(engine, open('local/eng'));
    fireEvent.click(await screen.findByRole('tab', { name: 'Changes' }));
    const files = await screen.findByRole('list', { name: 'Changed files' });
    expect(files.textContent).toContain('app.txt');
    expect(files.textContent).toContain('+1');
    await waitFor(() => expect(screen.getByLabelText('Diff of eng').textContent).toContain('added by the agent'));
    fireEvent.change(screen.getByLabelText('Commit message'), { target: { value: 'Add the line' } });
    fireEvent.click(screen.getByRole('button', { name: 'Commit' }));
    await screen.findByText(/Committed 1 file/);
    expect(engine.calls).toContainEqual(['commitWorktree', { target: 'local/eng', message: 'Add the line' }]);
  });

  it('says so when the agent does not work in a git repository', async () => {
    renderApp(memoryEngine([agent('eng')]), open('local/eng'));
    fireEvent.click(await screen.findByRole('tab', { name: 'Changes' }));
    await screen.findByText(/not in a git repository/);
  });
});

describe('Kill of a worktree agent with unsaved work', () => {
  it('asks first: nothing is killed until the person chooses to keep or delete the worktree', async () => {
    const engine = memoryEngine([agent('eng')]);
    engine.changes.set('local/eng', worktreeChanges('local/eng', 2));
    renderApp(engine, open('local/eng'));
    fireEvent.click(await screen.findByRole('button', { name: 'Kill' }));
    fireEvent.click(screen.getByRole('button', { name: 'Kill agent' }));
    const ask = await screen.findByRole('dialog', { name: "eng's worktree has unsaved work" });
    expect(ask.textContent).toContain('2 uncommitted files');
    expect(engine.agents.has('local/eng')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Kill, keep the worktree' }));
    await waitFor(() => expect(window.location.hash).toBe('#/agents'));
    expect(engine.calls).toContainEqual(['killAgent', { target: 'local/eng', worktree: 'keep' }]);
    expect(engine.agents.has('local/eng')).toBe(false);
  });
});
