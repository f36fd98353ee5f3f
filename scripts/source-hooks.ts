/**
 * Lets Node 24 run src/ directly (its built-in type stripping), for npm run local: the sources
 * import './x.js' as the bundler wants, and this resolves that to './x.ts' when it exists.
 *   node --import ./scripts/source-hooks.ts src/index.ts
 */
import { existsSync } from 'node:fs'
import { registerHooks } from 'node:module'
import { fileURLToPath } from 'node:url'

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (
      (specifier.startsWith('./') || specifier.startsWith('../')) &&
      specifier.endsWith('.js') &&
      context.parentURL?.startsWith('file:')
    ) {
      const ts = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL)
      if (existsSync(fileURLToPath(ts))) return nextResolve(ts.href, context)
    }
    return nextResolve(specifier, context)
  }
})
