'use client';

import type { MouseEvent } from 'react';
import { facetTerm, type FacetField, type FacetValueType } from '@/lib/search/facet-term';

// The viewer's facets: the most frequent values of its matching lines, per
// field and per attribute. A value adds `field:value` to the search; with
// alt/option held, or by its "−" button (for touch and keyboard), it adds
// `-field:value`. Counts estimated from a sample say "about".

type FacetValue = { value: string; count: number };
export type FacetsAnswer = {
  sampled: boolean;
  matched: { count: number; exact: boolean };
  fields: Record<FacetField, FacetValue[]>;
  attributes: { key: string; count: number; values: (FacetValue & { type: FacetValueType })[] }[];
};

const FIELDS: { field: FacetField; title: string }[] = [
  { field: 'site', title: 'Site' },
  { field: 'env', title: 'Environment' },
  { field: 'level', title: 'Level' },
  { field: 'version', title: 'Version' },
  { field: 'module', title: 'Module' },
  { field: 'function', title: 'Function' },
];

export function LogFacets(props: { facets: FacetsAnswer; onAddTerm: (term: string) => void; isStale?: boolean }) {
  const { facets } = props;
  const about = facets.sampled ? 'about ' : '';
  const count = (n: number) => `${about}${n.toLocaleString('en')}`;
  const groups = [
    ...FIELDS.map(({ field, title }) => ({ id: field, title, total: null as number | null, values: facets.fields[field], options: { field } as const })),
    ...facets.attributes.map((a) => ({ id: `attr.${a.key}`, title: `attr.${a.key}`, total: a.count, values: a.values, options: null })),
  ];
  return (
    <div className={`log-facets${props.isStale ? ' is-stale' : ''}`} data-testid="log-facets">
      <p className="muted facets-basis" data-testid="facets-basis">
        {facets.sampled
          ? `Estimated from a sample of the range: counts are about`
          : facets.matched.count === 0
            ? 'No matching lines to count'
            : `Counted over all ${facets.matched.count.toLocaleString('en')} matching line${facets.matched.count === 1 ? '' : 's'}`}
      </p>
      {groups.map((group) =>
        group.values.length === 0 ? null : (
          <section key={group.id} className="facet-group" aria-label={group.title}>
            <h3>
              {group.title}
              {group.total !== null && <span className="muted"> {count(group.total)}</span>}
            </h3>
            <ul>
              {group.values.map((v) => {
                const type = 'type' in v ? (v.type as FacetValueType) : 'string';
                const of = group.options ?? { attribute: group.id.slice(5), type };
                const include = facetTerm(of, v.value);
                const exclude = facetTerm(of, v.value, true);
                const label = v.value === '' ? '(empty)' : v.value;
                const add = (event: MouseEvent) => {
                  const term = event.altKey ? exclude : include;
                  if (term) props.onAddTerm(term);
                };
                return (
                  <li key={`${type}:${v.value}`} data-testid="facet-value">
                    {include ? (
                      <button type="button" className="facet-add" onClick={add} title={`Add ${include} to the search (alt-click: ${exclude})`}>
                        <span className="facet-label">{label}</span>
                        <span className="facet-count">{count(v.count)}</span>
                      </button>
                    ) : (
                      <span className="facet-add" title="The search language cannot name this value">
                        <span className="facet-label">{label}</span>
                        <span className="facet-count">{count(v.count)}</span>
                      </span>
                    )}
                    {exclude && (
                      <button type="button" className="facet-exclude" onClick={() => props.onAddTerm(exclude)} aria-label={`Exclude: add ${exclude} to the search`} title={`Add ${exclude}`}>
                        −
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        ),
      )}
    </div>
  );
}
