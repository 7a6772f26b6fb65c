'use client';

import Button from '@atlaskit/button/new';
import { Inline } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import {
  hasActiveFilters,
  LOG_ACCESS_FILTER_OPTIONS,
  NO_FILTERS,
  type InstallationFilters,
  type LogAccessKind,
} from '@/lib/installations/filter-installations';

type Option = { value: string; label: string };

const ALL = '';
const allOption: Option = { value: ALL, label: 'All' };
const logAccessOptions: Option[] = [allOption, ...LOG_ACCESS_FILTER_OPTIONS];

/** "Product: Jira" in the closed select, plain "Jira" in its menu. */
function labelled(name: string) {
  return (option: Option, meta: { context: 'menu' | 'value' }) => (meta.context === 'value' ? `${name}: ${option.label}` : option.label);
}


/** Search field, Product and Log access filters, and the "N of M apps" count above the Connected apps table. */
export function ConnectedAppsFilters(props: {
  filters: InstallationFilters;
  onChange: (filters: InstallationFilters) => void;
  products: Option[];
  shown: number;
  total: number;
}) {
  const { filters, onChange } = props;
  const productOptions = [allOption, ...props.products];
  const product = productOptions.find((o) => o.value === (filters.product ?? ALL)) ?? allOption;
  const logAccess = logAccessOptions.find((o) => o.value === (filters.logAccess ?? ALL)) ?? allOption;

  return (
    <div role="search" aria-label="Filter apps" style={{ marginBottom: 16 }}>
      <Inline space="space.150" alignBlock="center" shouldWrap>
        <div style={{ width: 200 }}>
          <Textfield
            type="search"
            placeholder="Search apps"
            aria-label="Search apps"
            testId="apps-search"
            value={filters.search}
            onChange={(e) => onChange({ ...filters, search: e.currentTarget.value })}
          />
        </div>
        <div style={{ width: 240 }}>
          <Select<Option, false>
            inputId="filter-product-input"
            instanceId="filter-product"
            aria-label="Product"
            testId="filter-product"
            options={productOptions}
            value={product}
            formatOptionLabel={labelled('Product')}
            onChange={(option) => onChange({ ...filters, product: option && option.value !== ALL ? option.value : null })}
          />
        </div>
        <div style={{ width: 300 }}>
          <Select<Option, false>
            inputId="filter-log-access-input"
            instanceId="filter-log-access"
            aria-label="Log access"
            testId="filter-log-access"
            options={logAccessOptions}
            value={logAccess}
            formatOptionLabel={labelled('Log access')}
            onChange={(option) =>
              onChange({ ...filters, logAccess: option && option.value !== ALL ? (option.value as LogAccessKind) : null })
            }
          />
        </div>
        <span aria-live="polite" data-testid="apps-count" style={{ color: 'var(--ds-text-subtle, #44546f)' }}>
          {props.shown} of {props.total} {props.total === 1 ? 'app' : 'apps'}
        </span>
        {hasActiveFilters(filters) && (
          <Button appearance="subtle" onClick={() => onChange(NO_FILTERS)} testId="clear-filters">
            Clear filters
          </Button>
        )}
      </Inline>
    </div>
  );
}
