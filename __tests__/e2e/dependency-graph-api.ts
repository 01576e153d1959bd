// A loopback stand-in of GitHub's dependency submission API (`POST /repos/{owner}/{repo}/dependency-graph/
// snapshots`), strict where GitHub is: the path, the bearer token, the media type and API version headers,
// a JSON body, and the body checked against the `snapshot` schema of GitHub's REST description
// (`components.schemas.snapshot` in github/rest-api-description, as @octokit/openapi-types carries it:
// every object closed, `version`, `job`, `sha`, `ref`, `detector` and `scanned` required, metadata at most 8
// scalar values). It records every accepted body and answers as GitHub does: 201 with
// `{id, created_at, result, message}`. `fault` makes it answer every request with one status instead.
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import { z } from 'zod'

const metadata = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .refine(m => Object.keys(m).length <= 8, { error: 'metadata: at most 8 keys' })

const Dependency = z.strictObject({
  package_url: z.string().regex(/^pkg/).optional(),
  metadata: metadata.optional(),
  relationship: z.enum(['direct', 'indirect']).optional(),
  scope: z.enum(['runtime', 'development']).optional(),
  dependencies: z.array(z.string()).optional()
})

const Manifest = z.strictObject({
  name: z.string(),
  file: z.strictObject({ source_location: z.string().optional() }).optional(),
  metadata: metadata.optional(),
  resolved: z.record(z.string(), Dependency).optional()
})

export const SnapshotSchema = z.strictObject({
  version: z.number().int(),
  job: z.strictObject({ id: z.string(), correlator: z.string(), html_url: z.string().optional() }),
  sha: z.string().min(40).max(64),
  ref: z.string().regex(/^refs\//),
  detector: z.strictObject({ name: z.string(), version: z.string(), url: z.string() }),
  metadata: metadata.optional(),
  manifests: z.record(z.string(), Manifest).optional(),
  scanned: z.iso.datetime({ offset: true })
})
export type SubmittedSnapshot = z.infer<typeof SnapshotSchema>

export interface Submission {
  repository: string
  snapshot: SubmittedSnapshot
}

export type ApiFault = 'ok' | 403 | 404 | 422 | 500

export interface DependencyGraphApi {
  url: string
  /** Every accepted snapshot, in order. */
  submitted: Submission[]
  /** Every request's answer status, in order. */
  calls: number[]
  /** What the stand-in refused, and why (a wrong header, a body off the schema). */
  problems: string[]
  /** Every Authorization header value seen (to check no other token reached it). */
  authorizations: string[]
  fault(next: ApiFault): void
  reset(): void
  close(): Promise<void>
}

const MESSAGES: Record<Exclude<ApiFault, 'ok'>, string> = {
  403: 'Resource not accessible by integration',
  404: 'Not Found',
  422: 'Invalid request',
  500: 'injected fault: the dependency submission API answers 500'
}

export async function startDependencyGraphApi(token: string): Promise<DependencyGraphApi> {
  const submitted: Submission[] = []
  const calls: number[] = []
  const problems: string[] = []
  const authorizations: string[] = []
  let mode: ApiFault = 'ok'
  const sockets = new Set<import('node:net').Socket>()
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (d: Buffer) => chunks.push(d))
    req.on('end', () => {
      const answer = (status: number, body: unknown): void => {
        calls.push(status)
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
        res.end(JSON.stringify(body))
      }
      const refuse = (status: number, why: string): void => {
        problems.push(why)
        answer(status, { message: why, documentation_url: 'https://docs.github.com/rest' })
      }
      authorizations.push(String(req.headers.authorization))
      if (mode !== 'ok') return answer(mode, { message: MESSAGES[mode] })
      const m = /^\/repos\/([^/]+\/[^/]+)\/dependency-graph\/snapshots$/.exec(req.url ?? '')
      if (req.method !== 'POST' || !m) return refuse(404, `${req.method} ${req.url}: Not Found`)
      if (req.headers.authorization !== `Bearer ${token}`) return refuse(401, 'Bad credentials')
      if (req.headers.accept !== 'application/vnd.github+json')
        return refuse(415, `Accept ${req.headers.accept}`)
      if (!/^\d{4}-\d{2}-\d{2}$/.test(String(req.headers['x-github-api-version'])))
        return refuse(400, `X-GitHub-Api-Version ${req.headers['x-github-api-version']}`)
      if (!/^application\/json\b/.test(String(req.headers['content-type'])))
        return refuse(415, `Content-Type ${req.headers['content-type']}`)
      let body: unknown
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        return refuse(400, 'Problems parsing JSON')
      }
      const parsed = SnapshotSchema.safeParse(body)
      if (!parsed.success)
        return refuse(
          422,
          `Invalid request: ${parsed.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')}`
        )
      submitted.push({ repository: m[1] as string, snapshot: parsed.data })
      answer(201, {
        id: submitted.length,
        created_at: new Date().toISOString(),
        result: 'SUCCESS',
        message: 'Dependency results for the repo have been successfully updated.'
      })
    })
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const port = await new Promise<number>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  )
  return {
    url: `http://127.0.0.1:${port}`,
    submitted,
    calls,
    problems,
    authorizations,
    fault: next => {
      mode = next
    },
    reset: () => {
      mode = 'ok'
      for (const list of [submitted, calls, problems, authorizations]) list.length = 0
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      if (server.listening) await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}
