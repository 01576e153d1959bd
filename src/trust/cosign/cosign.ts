// Running cosign to sign and attest by digest, through the exec seam. Secrets stay out of argv and logs:
// the key's password goes in COSIGN_PASSWORD, PEM key contents in a 0600 file, registry credentials in
// a DOCKER_CONFIG written for cosign alone (cosign reads the docker config, as docker/login-action
// leaves it, when imagegate has no username/password).
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { exec, tail } from '../../exec.js'
import {
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

  constructor(o: CosignSetup) {
    const env = o.env ?? process.env
    this.bin = o.cosign
    this.workDir = o.workDir
    fs.mkdirSync(o.workDir, { recursive: true, mode: 0o700 })
    this.secrets = [o.password, o.key, o.registryAuth?.password ?? ''].filter(s => s.length > 0)
    for (const secret of this.secrets) core.setSecret(secret)
    this.env = { ...env }
    if (o.key.trim()) {
      this.mode = { kind: 'key', key: this.keyPath(o.key, o.workspace) }
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
    }
    if (o.registryAuth?.username) {
      const { registries, username, password } = o.registryAuth
      this.env.DOCKER_CONFIG = writeDockerConfig(
        path.join(o.workDir, 'docker'),
        registries,
        username,
        password
      )
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

  /** Signs every one of `refs` in one cosign process (the key is read, and decrypted, once). */
  async signMany(refs: readonly string[], recursive = true): Promise<void> {
    if (refs.length === 1) return await this.sign(refs[0] as string, recursive)
    await this.run(signArgs({ ref: refs, mode: this.mode, recursive }), `sign ${refs.join(' ')}`)
  }

  /** Attaches `predicate` (a JSON value, or the path of a JSON file) as an in-toto attestation of `ref`. */
  async attest(ref: string, type: AttestationType, predicate: unknown, label: string): Promise<void> {
    let file: string
    if (typeof predicate === 'string') {
      file = predicate
    } else {
      const dir = path.join(this.workDir, 'predicates')
      fs.mkdirSync(dir, { recursive: true })
      const kind = type.startsWith('https://') ? 'provenance' : type
      file = path.join(dir, `${label.replace(/[^A-Za-z0-9._-]+/g, '-')}.${kind}.json`)
      fs.writeFileSync(file, JSON.stringify(predicate))
    }
    await this.run(attestArgs({ ref, mode: this.mode, type, predicateFile: file }), `attest ${type} ${ref}`)
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

/**
 * A docker config directory holding only `username`/`password` for `registries`, private to cosign
 * (cosign reads registry credentials from the docker config, as docker/login-action writes it).
 */
export function writeDockerConfig(
  dir: string,
  registries: readonly string[],
  username: string,
  password: string
): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  fs.writeFileSync(
    path.join(dir, 'config.json'),
    dockerConfigJson([...new Set(registries)], username, password),
    {
      mode: 0o600
    }
  )
  return dir
}
