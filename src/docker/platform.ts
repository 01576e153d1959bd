// The platform the engine runs here without emulation: the one a smoke test runs. Its own module, so
// main.ts can order the builds by it without loading the smoke test's code before the first build.

/** The platform docker runs natively here (no emulation). */
export function nativePlatform(arch: string = process.arch): string {
  return arch === 'arm64' ? 'linux/arm64' : 'linux/amd64'
}
