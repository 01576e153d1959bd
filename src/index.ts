import './zod-config.js'
import { cancelOnSignals } from './cancel.js'
import { run } from './main.js'

cancelOnSignals()
await run()
