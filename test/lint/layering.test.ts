// The layering of DESIGN.md is a lint rule: prove each forbidden import is reported,
// and an allowed one is not, by linting code as if it lived in each layer.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('import layering', () => {
  it.each([
    ['src/core/tmux/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src/core/x.ts', "import { b } from '../main/index.js';\nexport const a = b;\n"],
    ['src/core/x.ts', "import { b } from '../renderer/src/App.js';\nexport const a = b;\n"],
    ['src/core/x.ts', "import { b } from '../cli/index.js';\nexport const a = b;\n"],
    ['src/core/x.ts', "import { b } from '../server/index.js';\nexport const a = b;\n"],
    ['src/renderer/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    ['src/renderer/src/x.ts', "import { b } from '../../core/orchestrator.js';\nexport const a = b;\n"],
    ['src/shared/x.ts', "import { b } from '../core/orchestrator.js';\nexport const a = b;\n"],
    ['src/cli/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src/preload/x.ts', "import { b } from '../core/orchestrator.js';\nexport const a = b;\n"],
    ['src/preload/x.ts', "import { b } from '../main/index.js';\nexport const a = b;\n"],
    ['src/preload/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    // Across core's folders only a folder's index.js: its files are its own business.
    ['src/cli/x.ts', "import { b } from '../core/tmux/once.js';\nexport const a = b;\n"],
    ['src/server/x.ts', "import { b } from '../core/store/store.js';\nexport const a = b;\n"],
    ['src/main/x.ts', "import { b } from '../core/agents/profiles/claude.js';\nexport const a = b;\n"],
    ['src/core/monitor/x.ts', "import { b } from '../agents/registry.js';\nexport const a = b;\n"],
    ['src/core/actions/x.ts', "import { b } from '../../core/hosts/fleet.js';\nexport const a = b;\n"],
    ['src/core/event-hub.ts', "import { b } from './tmux/client.js';\nexport const a = b;\n"],
    ['src/core/hosts/x.ts', "import { b } from '../orchestrator/handlers.js';\nexport const a = b;\n"],
  ])('%s: %s is refused', async (file, code) => {
    const messages = await restrictedImports(file, code);
    expect(messages.length).toBe(1);
  });

  it.each([
    ['src/core/x.ts', "import { AGENT_STATES } from '../shared/vocabulary.js';\nexport const a = AGENT_STATES;\n"],
    ['src/renderer/src/x.ts', "import { AGENT_STATES } from '../../shared/vocabulary.js';\nexport const a = AGENT_STATES;\n"],
    ['src/cli/x.ts', "import { b } from '../core/orchestrator.js';\nexport const a = b;\n"],
    ['src/main/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src/cli/x.ts', "import { b } from '../core/tmux/index.js';\nexport const a = b;\n"],
    ['src/core/monitor/x.ts', "import { b } from '../agents/index.js';\nexport const a = b;\n"],
    ['src/core/monitor/x.ts', "import { b } from './capture.js';\nexport const a = b;\n"],
    ['src/core/agents/profiles/x.ts', "import { b } from '../classify.js';\nexport const a = b;\n"],
    ['src/core/orchestrator.ts', "import { b } from './orchestrator/handlers.js';\nexport const a = b;\n"],
    ['src/core/orchestrator/x.ts', "import { b } from './handlers.js';\nexport const a = b;\n"],
    ['src/preload/x.ts', "import { contextBridge } from 'electron';\nimport type { ApiEvent } from '../shared/api.js';\nexport const a = contextBridge;\nexport type E = ApiEvent;\n"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });
});
