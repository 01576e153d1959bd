// ts-jest in ESM mode; run through scripts/test.mjs (NODE_OPTIONS=--experimental-vm-modules).
const common = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // @sigstore/sign's HTTP client (make-fetch-happen -> @npmcli/agent) require()s proxy agents whose
    // current majors are ESM only: Node 22+ and the bundle load them, jest 29's module runtime cannot.
    // Under jest only, the last CommonJS majors of the same packages stand in (devDependencies).
    '^agent-base$': 'agent-base-cjs',
    '^http-proxy-agent$': 'http-proxy-agent-cjs',
    '^https-proxy-agent$': 'https-proxy-agent-cjs',
    '^socks-proxy-agent$': 'socks-proxy-agent-cjs'
  },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }
    ]
  }
}

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/e2e/']
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'] }
  ],
  // end-to-end tests build real images: minutes, not seconds (speed is measured by benchmarks)
  testTimeout: 600000,
  reporters: ['default', '<rootDir>/scripts/count-reporter.cjs']
}
