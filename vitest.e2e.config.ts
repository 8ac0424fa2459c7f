// End-to-end suites (npm run test:e2e, run by .ci/run after npm test): a real
// VS Code (code-server + headless Chromium) with the packaged .vsix installed,
// and Neovim's built-in LSP client. They need what .ci/run installs
// (code-server via ../shared/tools/install-code-server.sh, chromium, neovim)
// and the build outputs `npm run test:e2e` makes first.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    // One editor at a time: they are heavy and time out less on 2 cores.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
})
