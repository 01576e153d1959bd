// Types of runner-files.mjs, for the TypeScript tests that share its readers.
export function readTestbedEnv(root: string): Record<string, string>
export function parseOutputs(text: string): Record<string, string>
