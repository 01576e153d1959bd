// zod's global configuration, set before any schema is created (index.ts imports this first). Every
// schema here parses a handful of documents per run: zod's JIT (a `new Function` per object schema,
// compiled on first parse) costs more than it saves, so it is off.
import { config } from 'zod'

config({ jitless: true })
