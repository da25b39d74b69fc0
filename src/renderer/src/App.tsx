import { AGENT_STATES } from '../../shared/vocabulary.js';

export function App() {
  return (
    <main>
      <h1>Tmux Orchestrator</h1>
      <p>States: {AGENT_STATES.join(', ')}</p>
    </main>
  );
}
