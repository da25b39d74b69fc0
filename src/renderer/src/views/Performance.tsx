// Performance: the review for the person (how long agents waited on you, usage limits, crashes,
// busy share), and the engine's own health on a tab of its own.
import { useState } from 'react';
import { Tabs } from '../components/Tabs.js';
import { EngineHealth } from './performance/EngineHealth.js';
import { Review } from './performance/Review.js';

const TABS = [
  { key: 'review', label: 'Review' },
  { key: 'engine', label: 'Engine health' },
] as const;
type Tab = (typeof TABS)[number]['key'];

export function Performance() {
  const [tab, setTab] = useState<Tab>('review');
  return (
    <section className="view performance">
      <header className="view-head">
        <h1>Performance</h1>
        <Tabs label="Performance" tabs={TABS} value={tab} onChange={setTab} idPrefix="perf-" className="segmented" tabClass="" activeClass="on" />
      </header>
      <div role="tabpanel" id={`perf-panel-${tab}`} aria-labelledby={`perf-tab-${tab}`} className="perf-panel">
        {tab === 'review' ? <Review /> : <EngineHealth />}
      </div>
    </section>
  );
}
