// The live lifecycle of the real codex CLI under the monitor (see test/helpers/real-cli-lifecycle.ts).
import { describeLifecycle } from '../helpers/real-cli-lifecycle.js';

describeLifecycle({ cli: 'codex', type: 'codex', exit: '/quit' });
