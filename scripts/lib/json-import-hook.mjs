// A Node module hook for scripts/check-yaml.mjs: @actions/workflow-parser imports its schema files as
// `import schema from "./workflow-v1.0.min.json"` (written for bundlers), and Node's own ESM loader refuses
// a JSON import without `with { type: 'json' }`. This adds the attribute, for that package's JSON only.
// (jest loads JSON modules itself and never calls this.)

/**
 * @param {string} url
 * @param {{ importAttributes?: Record<string, string> }} context
 * @param {(url: string, context: object) => Promise<unknown>} nextLoad
 */
export async function load(url, context, nextLoad) {
  if (
    url.endsWith('.json') &&
    url.includes('/@actions/workflow-parser/') &&
    !context.importAttributes?.type
  ) {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } })
  }
  return nextLoad(url, context)
}
