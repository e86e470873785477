// Imported first by the preload, before any schema is built: zod validates without compiling code
// from strings. Its JIT probes `new Function` once, while the schemas are built, and the preload
// runs when the page starts, perhaps before the page's Content-Security-Policy (script-src 'self',
// no 'unsafe-eval') applies: the probe would pass, and every later check would throw EvalError.
import { z } from 'zod';

z.config({ jitless: true });
