import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageResult } from '../../src/shared/domain.js';
import { Composer } from '../../src/renderer/src/views/Composer.js';

afterEach(cleanup);

function setup(history: string[] = [], answer: (text: string) => MessageResult | Error = () => ({ status: 'delivered', reason: '', messageId: 1 })) {
  const sent: [string, boolean][] = [];
  render(
    <Composer
      agentName="eng-1"
      history={history}
      onSend={async (text, now) => {
        sent.push([text, now]);
        const r = answer(text);
        if (r instanceof Error) throw r;
        return r;
      }}
    />,
  );
  const box = screen.getByLabelText('Message to eng-1') as HTMLTextAreaElement;
  const type = (value: string) => fireEvent.change(box, { target: { value } });
  return { box, type, sent };
}

describe('message composer', () => {
  it('Enter sends and clears; Shift+Enter is left to the textarea (a new line)', async () => {
    const { box, type, sent } = setup();
    type('first line');
    // not prevented: the browser inserts the newline
    expect(fireEvent.keyDown(box, { key: 'Enter', shiftKey: true })).toBe(true);
    expect(sent).toEqual([]);
    type('first line\nsecond line');
    expect(fireEvent.keyDown(box, { key: 'Enter' })).toBe(false);
    await waitFor(() => expect(sent).toEqual([['first line\nsecond line', false]]));
    await waitFor(() => expect(box.value).toBe(''));
    expect(screen.getByRole('status').textContent).toBe('Delivered');
  });

  it('does not send blank text, and sends "now" when asked', async () => {
    const { box, type, sent } = setup();
    type('   ');
    fireEvent.keyDown(box, { key: 'Enter' });
    fireEvent.click(screen.getByLabelText(/Send now, even if busy/));
    type('go');
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(sent).toEqual([['go', true]]));
  });

  it('↑ recalls earlier messages (newest first), ↓ walks back to the draft', async () => {
    const { box, type } = setup(['one', 'two']);
    type('');
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(box.value).toBe('two');
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(box.value).toBe('one');
    fireEvent.keyDown(box, { key: 'ArrowUp' }); // clamped at the oldest
    expect(box.value).toBe('one');
    box.setSelectionRange(box.value.length, box.value.length);
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(box.value).toBe('two');
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(box.value).toBe('');
  });

  it('adds what it sent to the recall history', async () => {
    const { box, type, sent } = setup(['old']);
    type('fresh');
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(sent).toHaveLength(1));
    await waitFor(() => expect(box.value).toBe(''));
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(box.value).toBe('fresh');
  });

  it('↑ inside a multi-line draft moves the caret, it does not recall', () => {
    const { box, type } = setup(['old']);
    type('line 1\nline 2');
    box.setSelectionRange(box.value.length, box.value.length); // caret on the last line
    expect(fireEvent.keyDown(box, { key: 'ArrowUp' })).toBe(true);
    expect(box.value).toBe('line 1\nline 2');
  });

  it.each([
    ['queued', /Queued — it will be sent when the agent is idle/],
    ['unsubmitted', /Typed but not submitted/],
    ['failed', /Failed: pane is dead/],
  ] as const)('shows the %s result', async (status, text) => {
    const { box, type } = setup([], () => ({ status, reason: status === 'failed' ? 'pane is dead' : '', messageId: null }));
    type('hello');
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(text));
    // a failed message stays in the box to retry
    expect(box.value).toBe(status === 'failed' ? 'hello' : '');
  });

  it('shows a contract error and keeps the text', async () => {
    const { box, type } = setup([], () => new Error('sendMessage: target: no agent "eng-1"'));
    type('hello');
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('sendMessage: target: no agent "eng-1"'));
    expect(box.value).toBe('hello');
  });
});
