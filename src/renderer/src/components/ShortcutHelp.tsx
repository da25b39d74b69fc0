import { useReturnFocus } from '../lib/focus.js';

/** Each shortcut: alternatives, each a sequence of keys. */
export const SHORTCUTS: { keys: string[][]; what: string }[] = [
  { keys: [['g', 'a'], ['g', '1']], what: 'Agents' },
  { keys: [['n'], ['g', '2']], what: 'Spawn an agent' },
  { keys: [['g', 'n'], ['g', '3']], what: 'Notifications' },
  { keys: [['g', 'p'], ['g', '4']], what: 'Performance' },
  { keys: [['g', 'c'], ['g', '5']], what: 'Schedules' },
  { keys: [['g', 's'], ['g', '6']], what: 'Settings' },
  { keys: [['j'], ['k']], what: 'Next / previous agent' },
  { keys: [['Enter']], what: 'Open the selected agent' },
  { keys: [['/']], what: 'Search agents' },
  { keys: [['Esc']], what: 'Clear the search · close · back to the board' },
  { keys: [['Enter'], ['Shift+Enter']], what: 'Composer: send · new line' },
  { keys: [['↑']], what: 'Composer: recall the previous message' },
  { keys: [['?']], what: 'This help' },
];

export function ShortcutHelp(props: { onClose: () => void }) {
  useReturnFocus();
  return (
    <div className="overlay" onClick={props.onClose}>
      <div className="dialog help" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.what}>
                <td>
                  {s.keys.map((seq, i) => (
                    <span key={seq.join(' ')}>
                      {i > 0 && <span className="muted"> / </span>}
                      {seq.map((k) => (
                        <kbd key={k}>{k}</kbd>
                      ))}
                    </span>
                  ))}
                </td>
                <td>{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="dialog-actions">
          <button type="button" className="primary" onClick={props.onClose} autoFocus>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
