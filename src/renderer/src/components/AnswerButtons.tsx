// Answer buttons for a waiting agent: the prompt's real options with their labels, and the
// command, file or folder it asks to approve. A click sends the fingerprint of the prompt it
// was drawn for (answerPrompt), so a click that arrives after the agent moved on to another
// prompt types nothing and shows the engine's refusal. Used by the detail view; the board's
// waiting rows can use it too (`compact`).
import { useState } from 'react';
import type { AgentInfo, AgentPrompt, PromptOption } from '../../../shared/domain.js';
import { errorMessage } from '../lib/format.js';
import { useServices } from '../state/context.js';

const APPROVING: Record<NonNullable<AgentPrompt['approving']>['kind'], string> = {
  command: 'Command',
  file: 'File',
  folder: 'Folder',
};

type Outcome = { tone: 'ok' | 'error'; text: string; fingerprint: string };

export function AnswerButtons({ agent, compact = false }: { agent: AgentInfo; compact?: boolean }) {
  const { api } = useServices();
  const [pending, setPending] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const prompt = agent.prompt ?? null;
  if (agent.state !== 'waiting') return null;

  const answer = async (choice: string, label: string, p: AgentPrompt) => {
    setPending(choice);
    setOutcome(null);
    try {
      await api.answerPrompt({ target: agent.id, choice, fingerprint: p.fingerprint });
      setOutcome({ tone: 'ok', text: `Answered ${label}`, fingerprint: p.fingerprint });
    } catch (err) {
      // The refusal says what the agent asks now; the buttons redraw for it as it arrives.
      setOutcome({ tone: 'error', text: `Not answered: ${errorMessage(err)}`, fingerprint: p.fingerprint });
    } finally {
      setPending(null);
    }
  };

  const result = outcome && (
    <div className={`answer-result result-${outcome.tone === 'ok' ? 'delivered' : 'failed'}`} role={outcome.tone === 'error' ? 'alert' : 'status'}>
      {outcome.text}
    </div>
  );

  if (!prompt) {
    return (
      <div className="quick answers" role="group" aria-label="Answers">
        <span className="small">The question could not be read from the screen: answer it in the terminal.</span>
        {result}
      </div>
    );
  }
  return (
    <div className={`quick answers${compact ? ' answers-compact' : ''}`} role="group" aria-label="Answers" data-fingerprint={prompt.fingerprint}>
      <div className="answer-question">
        <strong>{prompt.question}</strong>
        {prompt.approving && (
          <div className="answer-approving small">
            {APPROVING[prompt.approving.kind]}: <code>{prompt.approving.text}</code>
          </div>
        )}
      </div>
      <div className="answer-options">
        {prompt.options.map((o: PromptOption) => (
          <button
            key={`${prompt.fingerprint}-${o.number}`}
            type="button"
            title={o.detail ?? `Chooses option ${o.number}`}
            disabled={pending !== null}
            onClick={() => void answer(String(o.number), `${o.number} "${o.label}"`, prompt)}
          >
            <span className="answer-number">{o.number}</span> {o.label}
          </button>
        ))}
        <button type="button" title="Sends Escape (cancel)" disabled={pending !== null} onClick={() => void answer('esc', 'Esc', prompt)}>
          Esc
        </button>
      </div>
      {result}
    </div>
  );
}
