// Types of check-yaml.mjs, for its unit test.
export interface Finding {
  file: string
  line: number
  message: string
}
export interface Block {
  line: number
  info: string
  body: string
}
export function yamlBlocks(text: string): Block[]
export function shapeOf(value: unknown): 'workflow' | 'job' | 'steps' | 'other'
export function checkAction(text: string, file: string): Promise<Finding[]>
export function checkWorkflow(text: string, file: string): Promise<Finding[]>
export function checkSnippet(block: Block, file: string): Promise<{ shape: string; findings: Finding[] }>
export function checkMarkdown(
  text: string,
  file: string
): Promise<{ snippets: { line: number; shape: string }[]; findings: Finding[] }>
export function defaultFiles(root: string): string[]
export function checkFiles(files: string[], root: string): Promise<{ checked: string[]; findings: Finding[] }>
