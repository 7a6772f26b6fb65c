'use client';

import Button from '@atlaskit/button/new';
import { useState } from 'react';

const FORMS: [string, string][] = [
  ['timeout db', 'Lines whose message holds both words (any case, anywhere)'],
  ['"connection reset"', 'The exact phrase'],
  ['-healthcheck', 'Leave out lines with this word (also -"phrase", -level:debug)'],
  ['timeout OR refused', 'Either term; ( ) group, as in (a OR b) c'],
  ['error', 'A level word also finds the lines of that level'],
  ['level:warn', 'error, warn, info, debug or trace'],
  ['site:acme env:production', 'Part of a site URL; production, staging or development'],
  ['version:2.1 module:billing function:charge', 'Starts with (any case)'],
  ['invocation:ID trace:ID', 'Exactly this invocation or trace'],
  ['attr.statusCode:502', 'An attribute: the number 502 or the text "502"'],
  ['attr.user.id:42', 'A nested attribute'],
  ['attr.durationMs:>1000', 'Numeric attributes: >, >=, <, <='],
  ['pattern:"user <num> signed in"', 'Lines of this message template (click one in the Patterns tab)'],
];

/** The search language in brief, opened from beside the search box. */
export function SearchSyntaxHelp() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button appearance="subtle" aria-expanded={open} aria-controls="search-syntax" onClick={() => setOpen(!open)} testId="search-syntax-toggle">
        Syntax
      </Button>
      {open && (
        <div id="search-syntax" className="search-syntax" data-testid="search-syntax" role="region" aria-label="Search syntax">
          <table>
            <tbody>
              {FORMS.map(([example, meaning]) => (
                <tr key={example}>
                  <td>
                    <code>{example}</code>
                  </td>
                  <td>{meaning}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">Terms side by side must all match. OR, AND and NOT are upper case. Quote text with spaces or parentheses, or text that reads like a field (level:…).</p>
        </div>
      )}
    </>
  );
}
