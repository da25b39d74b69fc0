import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from '../../shared/wire.js';
import { chooseTransport } from './api/bridge.js';
import { App } from './App.js';
import { Store } from './state/store.js';
import { startSync } from './state/sync.js';
import './styles.css';

const { transport, hasToken } = chooseTransport(window);
const api = createApiClient(transport.bridge);
const store = new Store();
startSync(api, transport, store);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App services={{ api, bridge: transport.bridge, store, hasToken }} />
  </StrictMode>,
);
