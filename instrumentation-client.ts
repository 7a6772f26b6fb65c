import { config } from 'zod/v4/core';

// Runs in the browser before the app's own modules. The pages' Content-
// Security-Policy allows no eval; zod would probe for it (a caught
// `new Function`) when it builds its first object schema, and the browser
// reports that probe as a violation. Its interpreter is all the browser needs.
// The setting is zod's global (core's config, which `z.config` is): importing
// `z` here would put all of zod in every page's first scripts.
config({ jitless: true });
