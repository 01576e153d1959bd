// Types of check-docs.mjs, for its unit test.
export const NOT_WORKFLOW_INPUTS: Record<string, string>
export const OWN_DEFAULTS: Record<string, string>
export function cell(value: unknown): string
export function actionTables(actionText: string): Record<'action-inputs' | 'action-outputs', string>
export function workflowTables(
  workflowText: string
): Record<'workflow-inputs' | 'workflow-secrets' | 'workflow-outputs', string>
export function fillTables(text: string, tables: Record<string, string>): { text: string; missing: string[] }
export function workflowCoverage(actionText: string, workflowText: string): string[]
export function usesLines(text: string): { line: number; uses: string; version?: string; problem?: string }[]
export function versionProblems(
  workflows: { file: string; text: string }[],
  markdown: { file: string; text: string }[]
): string[]
export function checkDocs(
  root: string,
  options?: { write?: boolean }
): { problems: string[]; written: string[] }
