// A row of tabs (WAI-ARIA tablist): each tab names the panel it controls (`<idPrefix>panel-<key>`).
export interface TabSpec<K extends string> {
  key: K;
  label: string;
}

export function Tabs<K extends string>(props: {
  label: string;
  tabs: readonly TabSpec<K>[];
  value: K;
  onChange: (key: K) => void;
  idPrefix?: string;
  className?: string;
  /** Class of every tab (default 'tab'), and the one added to the tab shown (default 'active'). */
  tabClass?: string;
  activeClass?: string;
}) {
  const prefix = props.idPrefix ?? '';
  const tab = props.tabClass ?? 'tab';
  const on = props.activeClass ?? 'active';
  return (
    <div className={props.className ?? 'tabs'} role="tablist" aria-label={props.label}>
      {props.tabs.map((t) => (
        <button
          key={t.key}
          type="button"
          role="tab"
          id={`${prefix}tab-${t.key}`}
          aria-selected={props.value === t.key}
          aria-controls={`${prefix}panel-${t.key}`}
          className={[tab, props.value === t.key ? on : ''].filter(Boolean).join(' ')}
          onClick={() => props.onChange(t.key)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
