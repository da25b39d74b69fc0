// The preload entry, with Electron mocked: it exposes one object, the bridge, on window.orcBridge.
import { describe, expect, it, vi } from 'vitest';
import { fake, electronModule } from './fake-electron.js';

vi.mock('electron', () => ({ ...electronModule, get contextBridge() { return fake.contextBridge; }, ipcRenderer: { invoke: async () => ({ ok: true, result: 'pong' }), on: () => undefined, removeListener: () => undefined } }));

describe('preload entry', () => {
  it('exposes exactly a desktop ShellBridge under orcBridge and nothing else', async () => {
    await import('../../src/preload/index.js');
    expect([...fake.contextBridge.exposed.keys()]).toEqual(['orcBridge']);
    const bridge = fake.contextBridge.exposed.get('orcBridge') as { kind: string; call: (m: string, i: unknown) => Promise<unknown> };
    expect(bridge.kind).toBe('desktop');
    expect(await bridge.call('getStatus', {})).toEqual({ ok: true, result: 'pong' });
  });
});
