// Running cosign to sign and attest by digest, through the exec seam. Secrets stay out of argv and logs:
// the key's password goes in COSIGN_PASSWORD, PEM key contents in a 0600 file, registry credentials in
// a DOCKER_CONFIG written for cosign alone (cosign reads the docker config, as docker/login-action
// leaves it, when imagegate has no username/password).
import * as core from '@actions/core'
import * as fs from 'node:fs'
import type { KeyObject } from 'node:crypto'
import * as path from 'node:path'
import { exec, tail } from '../exec.js'
import { decryptKey, envelope, statement } from './envelope.js'
import {
  attachArgs,
  attestArgs,
  DEFAULT_FULCIO_URL,
  DEFAULT_REKOR_URL,
  dockerConfigJson,
  keyKind,
  keylessIdentity,
  signArgs,
  type AttestationType,
  type SignMode
} from './args.js'

export interface CosignSetup {
  /** The cosign binary. */
  cosign: string
  /** `cosign-key`: PEM contents, a KMS URI or a key file (relative to the workspace); empty for keyless. */
  key: string
  password: string
  workspace: string
  /** A private directory for the key file, the docker config and the predicates. */
  workDir: string
  /** Registry credentials given as inputs, for every registry images go to. */
  registryAuth?: { registries: readonly string[]; username: string; password: string }
  fulcioUrl?: string
  rekorUrl?: string
  env?: NodeJS.ProcessEnv
}

export interface Attestation {
  type: AttestationType
  /** A JSON value, or the path of a JSON file (an SBOM as written). */
  predicate: unknown
  /** Names the predicate's file (`api-linux-amd64-sbom`). */
  label: string
}

export class CosignError extends Error {
  override name = 'CosignError'
}

export class Cosign {
  readonly mode: SignMode
  /** The certificate identity of a keyless signature (undefined with a key). */
  readonly identity: string | undefined
  private readonly bin: string
  private readonly env: NodeJS.ProcessEnv
  private readonly secrets: string[]
  private readonly workDir: string
  /** The key file's text, when the key is one (not KMS): envelopes are then signed in process. */
  private readonly keyText: string | undefined
  private readonly password: string
  private privateKey: Promise<KeyObject> | undefined

  constructor(o: CosignSetup) {
    const env = o.env ?? process.env
    this.bin = o.cosign
    this.workDir = o.workDir
    fs.mkdirSync(o.workDir, { recursive: true, mode: 0o700 })
    this.secrets = [o.password, o.key, o.registryAuth?.password ?? ''].filter(s => s.length > 0)
    for (const secret of this.secrets) core.setSecret(secret)
    this.env = { ...env }
    this.password = o.password
    if (o.key.trim()) {
      this.mode = { kind: 'key', key: this.keyPath(o.key, o.workspace) }
      this.keyText = keyKind(o.key) === 'kms' ? undefined : fs.readFileSync(this.mode.key, 'utf8')
      this.identity = undefined
      // cosign asks for the password on a terminal otherwise; an empty one is a key without password
      this.env.COSIGN_PASSWORD = o.password
    } else {
      const id = keylessIdentity(env)
      this.mode = {
        kind: 'keyless',
        fulcioUrl: o.fulcioUrl || DEFAULT_FULCIO_URL,
        rekorUrl: o.rekorUrl || DEFAULT_REKOR_URL,
        oidc: id.oidc
      }
      this.identity = id.identity
      this.keyText = undefined
    }
    if (o.registryAuth?.username) {
      const dir = path.join(o.workDir, 'docker')
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
      const { registries, username, password } = o.registryAuth
      const config = dockerConfigJson([...new Set(registries)], username, password)
      fs.writeFileSync(path.join(dir, 'config.json'), config, { mode: 0o600 })
      this.env.DOCKER_CONFIG = dir
    }
  }

  private keyPath(key: string, workspace: string): string {
    switch (keyKind(key)) {
      case 'kms':
        return key.trim()
      case 'pem': {
        const file = path.join(this.workDir, 'cosign.key')
        fs.writeFileSync(file, key.trim() + '\n', { mode: 0o600 })
        return file
      }
      case 'file': {
        const file = path.resolve(workspace, key.trim())
        if (!fs.existsSync(file)) {
          throw new CosignError(
            'input cosign-key: neither PEM contents (-----BEGIN ...), a KMS URI (awskms://, gcpkms://, azurekms://, hashivault://, k8s://) nor a key file in the workspace'
          )
        }
        return file
      }
    }
  }

  /** Signs `ref` (`host/path@sha256:...`); with `recursive`, each manifest of an index too. */
  async sign(ref: string, recursive = true): Promise<void> {
    await this.run(signArgs({ ref, mode: this.mode, recursive }), `sign ${ref}`)
  }

  /** Attaches `predicate` (a JSON value, or the path of a JSON file) as an in-toto attestation of `ref`. */
  async attest(ref: string, type: AttestationType, predicate: unknown, label: string): Promise<void> {
    await this.attestAll(ref, [{ type, predicate, label }])
  }

  /**
   * Attaches every predicate to `ref`. With a key file (or PEM contents) the envelopes are signed here
   * with the key decrypted once, and attached by one `cosign attach attestation`; with a KMS key or
   * keyless, one `cosign attest` each.
   */
  async attestAll(ref: string, items: readonly Attestation[]): Promise<void> {
    if (items.length === 0) return
    const files = items.map(item => this.predicateFile(item))
    if (this.mode.kind === 'key' && this.keyText !== undefined) {
      this.privateKey ??= decryptKey(this.keyText, this.password)
      const key = await this.privateKey
      const envelopes = items.map((item, i) => {
        const predicate = JSON.parse(fs.readFileSync(files[i] as string, 'utf8')) as unknown
        const file = this.workFile(item, 'intoto.json')
        fs.writeFileSync(file, JSON.stringify(envelope(statement(ref, item.type, predicate), key)))
        return file
      })
      await this.run(attachArgs({ ref, envelopeFiles: envelopes }), `attach attestation ${ref}`)
      return
    }
    for (const [i, item] of items.entries()) {
      const predicateFile = files[i] as string
      await this.run(
        attestArgs({ ref, mode: this.mode, type: item.type, predicateFile }),
        `attest ${item.type} ${ref}`
      )
    }
  }

  /** The predicate as a file: the caller's, or written under the work directory. */
  private predicateFile(item: Attestation): string {
    if (typeof item.predicate === 'string') return item.predicate
    const file = this.workFile(item, 'json')
    fs.writeFileSync(file, JSON.stringify(item.predicate))
    return file
  }

  /** `<work>/predicates/<label>.<kind>.<suffix>` */
  private workFile(item: Attestation, suffix: string): string {
    const dir = path.join(this.workDir, 'predicates')
    fs.mkdirSync(dir, { recursive: true })
    const kind = item.type.startsWith('https://') ? 'provenance' : item.type
    return path.join(dir, `${item.label.replace(/[^A-Za-z0-9._-]+/g, '-')}.${kind}.${suffix}`)
  }

  private async run(args: string[], what: string): Promise<void> {
    const r = await exec(this.bin, args, { env: this.env, secrets: this.secrets, stage: 'sign' })
    if (r.exitCode !== 0) {
      const why = r.timedOut ? 'timed out' : `exited ${r.exitCode}`
      throw new CosignError(`cosign ${what} ${why}:\n${tail(r.stderr || r.stdout)}`)
    }
  }

  /** Removes the key file and the docker config. */
  dispose(): void {
    fs.rmSync(path.join(this.workDir, 'cosign.key'), { force: true })
    fs.rmSync(path.join(this.workDir, 'docker'), { recursive: true, force: true })
  }
}
