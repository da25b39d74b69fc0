// The engine's handlers as the web shell offers them: no native folder picker (the UI shows a
// text field when pickFolder answers null), and getStatus says the UI runs in a browser.
import type { ApiEvent, ApiHandlers } from '../shared/api.js';

export function webHandlers(engine: ApiHandlers): ApiHandlers {
  return {
    ...engine,
    pickFolder: async () => ({ path: null }),
    getStatus: async (input) => ({ ...(await engine.getStatus(input)), shell: 'web' }),
  };
}

/** Status events say the same as getStatus does: the UI runs in a browser. */
export function webEvent(event: ApiEvent): ApiEvent {
  return event.type === 'status' ? { ...event, status: { ...event.status, shell: 'web' } } : event;
}
