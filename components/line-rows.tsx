import type { Ref } from 'react';
import { HighlightedMessage } from '@/components/highlighted-message';
import { LevelLozenge } from '@/components/level-lozenge';
import type { ListLine } from '@/components/line-list';
import './line-list.css';

/**
 * Lines read as a story, oldest first, every message whole: a line's
 * surroundings, an invocation, a trace. The line they were opened from is
 * marked (aria-current) and can be scrolled to through anchorRef. Test IDs
 * are `{testIdPrefix}-anchor` and `{testIdPrefix}-line`.
 */
export function LineRows(props: { lines: ListLine[]; label: string; anchor?: string; anchorRef?: Ref<HTMLDivElement>; withSite?: boolean; testIdPrefix: string }) {
  return (
    <div className={`line-context-list${props.withSite ? ' with-site' : ''}`} role="table" aria-label={props.label}>
      {props.lines.map((line) => {
        const isAnchor = line.ref === props.anchor;
        return (
          <div
            key={line.ref}
            ref={isAnchor ? props.anchorRef : undefined}
            role="row"
            aria-current={isAnchor ? 'true' : undefined}
            className={`line-row${isAnchor ? ' anchor' : ''}`}
            data-testid={`${props.testIdPrefix}-${isAnchor ? 'anchor' : 'line'}`}
          >
            <span role="cell">
              <LevelLozenge level={line.level} />
            </span>
            <span role="cell" className="log-time">
              <time dateTime={line.timestamp}>{line.timestamp}</time>
            </span>
            {props.withSite && (
              <span role="cell" className="line-site">
                {line.site}
              </span>
            )}
            <span role="cell" className="line-message">
              <HighlightedMessage message={line.message} hits={line.personalData} />
            </span>
          </div>
        );
      })}
    </div>
  );
}
