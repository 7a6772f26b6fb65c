'use client';

import styles from '@/components/log-patterns.module.css';

export type ViewerTab = 'lines' | 'patterns';

/** The viewer's tab as the URL has it (?tab=patterns); anything else is the lines. */
export function viewerTabOf(params: URLSearchParams): ViewerTab {
  return params.get('tab') === 'patterns' ? 'patterns' : 'lines';
}

/** Lines | Patterns, above the viewer's results. */
export function ViewerTabs(props: { tab: ViewerTab; onChange: (tab: ViewerTab) => void }) {
  const tabs: [ViewerTab, string][] = [
    ['lines', 'Lines'],
    ['patterns', 'Patterns'],
  ];
  return (
    <div className={styles.tabs} role="tablist" aria-label="View">
      {tabs.map(([tab, label]) => (
        <button
          key={tab}
          type="button"
          role="tab"
          aria-selected={props.tab === tab}
          className={props.tab === tab ? `${styles.tab} ${styles.selected}` : styles.tab}
          onClick={() => props.onChange(tab)}
          data-testid={`viewer-tab-${tab}`}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
