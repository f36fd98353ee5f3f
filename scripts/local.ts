/**
 * npm run local: run the action from its TypeScript sources (no build) with inputs from a .env
 * file, in the format @github/local-action uses (INPUT_NAME=value lines; GITHUB_* and other
 * variables too). Without a base-url in the file, it runs against the stand-in server.
 *
 *   cp .env.example .env && npm run local            (or: npm run local -- path/to/file.env)
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { StandInServer } from '../test/stand-in/minimax-server.ts'
import { parseDotEnv } from './dotenv.ts'
import { runInTerminal } from './run-in-terminal.ts'
import { dim, red } from './terminal.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const file = path.resolve(process.argv[2] ?? '.env')
if (!existsSync(file)) {
  console.error(
    red(
      `No ${path.relative(process.cwd(), file) || file}: copy .env.example to .env and edit it, or name a ` +
        `file: npm run local -- my.env`
    )
  )
  process.exit(2)
}

const vars = parseDotEnv(readFileSync(file, 'utf8'))
const inputs: Record<string, string> = {}
const env: Record<string, string> = {}
for (const [key, value] of Object.entries(vars)) {
  if (key.startsWith('INPUT_')) inputs[key.slice(6).toLowerCase()] = value
  else env[key] = value
}
const server = inputs['base-url'] ? undefined : await StandInServer.start()
if (server) inputs['base-url'] = server.url
const code = await runInTerminal({
  notes: [
    dim(
      `  inputs from ${path.relative(root, file) || file}; running src/index.ts from source (Node 24 type stripping)`
    ),
    server
      ? dim(`  no INPUT_BASE-URL in the file: the stand-in MiniMax server on ${server.url}`)
      : red(`  sending to ${inputs['base-url']}`)
  ],
  nodeArgs: ['--import', path.join(root, 'scripts/source-hooks.ts'), path.join(root, 'src/index.ts')],
  workspace: env.GITHUB_WORKSPACE ?? root,
  inputs,
  env
})
await server?.close()
process.exit(code)
