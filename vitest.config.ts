// `npm test`: every suite except the end-to-end ones under test/e2e, which need
// code-server, Chromium and Neovim installed (npm run test:e2e, vitest.e2e.config.ts).
import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, 'test/e2e/**'],
  },
})
