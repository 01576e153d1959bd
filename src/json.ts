// JSON read from a tool's file: a parse failure becomes the caller's message (what, where), with the
// parser's reason and the error as its cause.

/** `JSON.parse(text)`; otherwise throws `new Error(notJson(reason))`. */
export function parseJson(text: string, notJson: (reason: string) => string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw new Error(notJson((err as Error).message), { cause: err })
  }
}
