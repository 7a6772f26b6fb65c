'use client';

import Button from '@atlaskit/button/new';
import { ErrorMessage } from '@atlaskit/form';
import Textfield from '@atlaskit/textfield';
import { useState } from 'react';
import { SearchSyntaxHelp } from '@/components/search-syntax-help';
import { parseSearchQuery, SearchQueryError } from '@/lib/search/parse-query';

/** Where a query went wrong: the message, and the 1-based column and length of the problem in `query`. */
export type SearchProblem = { query: string; message: string; column: number; length: number };

/**
 * The viewer's search box. A query is checked here as it is submitted (the
 * same parser as the server's), so a mistake shows under the box with its
 * place marked before any request; the server's own refusal (`problem`, for
 * a query from a shared URL) shows the same way.
 */
export function LogSearchBox(props: { value: string | undefined; problem: SearchProblem | null; onSearch: (q: string | undefined) => void }) {
  const [search, setSearch] = useState(props.value ?? '');
  const [local, setLocal] = useState<SearchProblem | null>(null);
  // The server's refusal holds while the box still shows the query it refused.
  const problem = local ?? (props.problem && props.problem.query === search ? props.problem : null);

  function submit() {
    const query = search.trim();
    try {
      parseSearchQuery(query);
    } catch (error) {
      if (!(error instanceof SearchQueryError)) throw error;
      setLocal({ query, message: error.message, column: error.column, length: error.length });
      return;
    }
    setLocal(null);
    props.onSearch(query || undefined);
  }

  return (
    <div className="search-box">
      <form
        className="search-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Textfield
          aria-label="Search the logs"
          aria-describedby={problem ? 'search-problem' : undefined}
          placeholder='Search: words, "a phrase", -exclude, level:error, attr.statusCode:502'
          value={search}
          isInvalid={problem !== null}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setLocal(null);
          }}
          testId="viewer-search"
        />
        <Button type="submit" testId="viewer-search-submit">
          Search
        </Button>
        <SearchSyntaxHelp />
      </form>
      {problem && (
        <div id="search-problem" className="search-problem">
          <ErrorMessage testId="viewer-search-error">{problem.message}</ErrorMessage>
          <code className="search-problem-text" data-testid="viewer-search-error-mark">
            {problem.query.slice(0, problem.column - 1)}
            <mark>{problem.query.slice(problem.column - 1, problem.column - 1 + problem.length) || ' '}</mark>
            {problem.query.slice(problem.column - 1 + problem.length)}
          </code>
        </div>
      )}
    </div>
  );
}
