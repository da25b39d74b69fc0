// The detail view's side: the timeline, the agent's changes and its conversation as tabs (beside the screen on a
// wide window, under it on a narrow one), so each keeps a usable height from 900 px up.
import { useState } from 'react';
import type { AgentInfo } from '../../../../shared/domain.js';
import { Tabs } from '../../components/Tabs.js';
import { Timeline } from '../Timeline.js';
import { Changes } from './Changes.js';
import { Conversation } from './Conversation.js';

const TABS = [
  { key: 'timeline', label: 'Timeline' },
  { key: 'changes', label: 'Changes' },
  { key: 'conversation', label: 'Conversation' },
] as const;
type Tab = (typeof TABS)[number]['key'];

export function SidePanel(props: { agent: AgentInfo }) {
  const [tab, setTab] = useState<Tab>('timeline');
  return (
    <aside className={`detail-side detail-side-${tab}`}>
      <Tabs label="Agent history" tabs={TABS} value={tab} onChange={setTab} />
      <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'timeline' ? (
          <Timeline agentId={props.agent.id} />
        ) : tab === 'changes' ? (
          <Changes agent={props.agent} />
        ) : (
          <Conversation agent={props.agent} />
        )}
      </div>
    </aside>
  );
}
