// The MCP server behind `tmux-orc mcp`: the official SDK's protocol server with the tool table
// of tools.ts. The low-level Server (not McpServer) because the inputs are the contract's to
// validate: McpServer would parse them a second time with its own messages, and drops the
// JSON schema of contract inputs that carry a default (list_agents' filters).
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { toApiError } from '../../shared/api.js';
import type { Call } from '../engine.js';
import { oneLine } from '../errors.js';
import { inputJsonSchema, TOOLS } from './tools.js';

const INSTRUCTIONS = [
  'Tools to supervise and direct AI coding agents running in tmux (tmux-orc).',
  'Start with list_agents; get_agent shows one agent with the question it waits on and its last lines.',
  'send_message types a message and verifies it was submitted (queued while the agent is busy);',
  'answer_prompt answers the prompt a waiting agent shows, bound to the fingerprint get_agent gives; schedule_checkin reminds an agent later.',
].join(' ');

function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: oneLine(message) }], isError: true };
}

export function createMcpServer(call: Call, version: string): Server {
  const server = new Server(
    { name: 'tmux-orc', title: 'Tmux Orchestrator', version },
    { capabilities: { tools: {} }, instructions: INSTRUCTIONS },
  );
  const byName = new Map(TOOLS.map((t) => [t.name, t]));
  const listed: Tool[] = TOOLS.map((t) => ({
    name: t.name,
    title: t.title,
    description: t.description,
    inputSchema: inputJsonSchema(t),
    annotations: { title: t.title, ...t.annotations },
  }));
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listed }));
  server.setRequestHandler(CallToolRequestSchema, async (req): Promise<CallToolResult> => {
    const tool = byName.get(req.params.name);
    // An unknown tool is a protocol error (the spec's "Unknown tools"), not a failed call.
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `unknown tool "${req.params.name}"; see tools/list`);
    try {
      const out = await tool.run(call, req.params.arguments ?? {});
      return {
        content: [{ type: 'text', text: out.text }],
        structuredContent: out.structured,
        ...(out.failed ? { isError: true } : {}),
      };
    } catch (err) {
      return toolError(toApiError(err).message);
    }
  });
  return server;
}
