import { act, render } from '@testing-library/react';
import { createApiClient } from '../../src/shared/wire.js';
import type { ConnectionState, Transport } from '../../src/renderer/src/api/wsTransport.js';
import { App } from '../../src/renderer/src/App.js';
import { Store } from '../../src/renderer/src/state/store.js';
import { startSync } from '../../src/renderer/src/state/sync.js';
import type { MemoryEngine } from './memory-engine.js';

/** A transport over the engine's bridge whose link state the test controls. */
export function testTransport(engine: MemoryEngine, initial: ConnectionState = 'open') {
  let state: ConnectionState = initial;
  const listeners = new Set<(s: ConnectionState, reopened: boolean) => void>();
  const transport: Transport = {
    bridge: engine.bridge,
    connection: () => state,
    onConnection: (l) => (listeners.add(l), () => listeners.delete(l)),
    close: () => undefined,
  };
  const setConnection = (s: ConnectionState, reopened = false) => {
    state = s;
    act(() => {
      for (const l of listeners) l(s, reopened);
    });
  };
  return { transport, setConnection };
}

/** The whole UI over an in-memory engine, starting at `hash`. */
export function renderApp(engine: MemoryEngine, hash = '#/agents', hasToken = true, initial: ConnectionState = 'open') {
  window.location.hash = hash;
  const { transport, setConnection } = testTransport(engine, initial);
  const api = createApiClient(engine.bridge);
  const store = new Store();
  const stop = startSync(api, transport, store);
  const view = render(<App services={{ api, bridge: engine.bridge, store, hasToken }} />);
  return { ...view, store, setConnection, stop };
}
