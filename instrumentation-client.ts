import { z } from 'zod';

// Runs in the browser before the app's own modules. The pages' Content-
// Security-Policy allows no eval; zod would probe for it (a caught
// `new Function`) when it builds its first object schema, and the browser
// reports that probe as a violation. Its interpreter is all the browser needs.
z.config({ jitless: true });
