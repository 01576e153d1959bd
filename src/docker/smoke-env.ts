// The environment a smoke test runs with: its own module (no engine code), so main.ts checks it against
// the inputs before the first build, and the smoke test uses the same.
import type { Smoke } from '../catalog/schema.js'

/** The environment for the run: catalog values, null ones from the inputs; missing ones are an error. */
export function smokeEnv(
  image: string,
  smoke: Smoke,
  values: Record<string, string>
): Record<string, string> {
  const env: Record<string, string> = {}
  const missing: string[] = []
  for (const [name, value] of Object.entries(smoke.env ?? {})) {
    const v = value ?? values[name]
    if (v === undefined) missing.push(name)
    else env[name] = v
  }
  if (missing.length > 0) {
    throw new Error(
      `${image}: smoke test needs ${missing.join(', ')} (catalog smoke.env is null: give it in the smoke-env input)`
    )
  }
  return env
}
