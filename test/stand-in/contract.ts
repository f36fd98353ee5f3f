/**
 * The OpenAPI contract of the submit request (copied unchanged from MiniMax's reference page),
 * compiled with Ajv, plus the rules the reference page states in prose. The stand-in server and
 * the contract tests judge every request body with it: an oracle written apart from src/.
 */
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parse } from 'yaml'

export interface ContractCheck {
  ok: boolean
  errors: string[]
}

export const OPENAPI_PATH = new URL('../contract/start-end-to-video.openapi.yaml', import.meta.url)

export function contractValidator(): (body: unknown) => ContractCheck {
  const spec = parse(readFileSync(OPENAPI_PATH, 'utf8')) as { components: { schemas: Record<string, unknown> } }
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  const schema = { ...(spec.components.schemas.VideoGenerationReq as object), additionalProperties: false }
  const validate = ajv.compile(schema)
  return body => {
    const errors: string[] = []
    if (!validate(body)) {
      for (const e of validate.errors ?? [])
        errors.push(
          `${e.instancePath || '(body)'} ` +
            `${e.message}${'additionalProperty' in (e.params ?? {}) ? `: ${String(e.params.additionalProperty)}` : ''}`
        )
    }
    if (errors.length === 0) errors.push(...proseRules(body as Record<string, unknown>))
    return { ok: errors.length === 0, errors }
  }
}

/** What the reference page says beyond the schema's types. */
function proseRules(body: Record<string, unknown>): string[] {
  const errors: string[] = []
  const resolution = (body.resolution as string | undefined) ?? '768P'
  const duration = (body.duration as number | undefined) ?? 6
  const allowed: Record<string, number[]> = { '768P': [6, 10], '1080P': [6] }
  if (!allowed[resolution]?.includes(duration)) errors.push(`duration ${duration} is not offered at ${resolution}`)
  if (typeof body.prompt === 'string' && [...body.prompt].length > 2000) errors.push('prompt is over 2000 characters')
  for (const key of ['first_frame_image', 'last_frame_image']) {
    const value = body[key]
    if (typeof value !== 'string') continue
    if (/^https?:\/\//.test(value)) continue
    const match = /^data:image\/(jpeg|png|webp);base64,([A-Za-z0-9+/]*={0,2})$/.exec(value)
    if (!match) errors.push(`${key} is neither a public URL nor a data:image/(jpeg|png|webp);base64 URL`)
    else if (match[2]!.length % 4 !== 0) errors.push(`${key} has base64 of a length that is not a multiple of 4`)
    else if ((match[2]!.length / 4) * 3 >= 20 * 1024 * 1024 + 3) errors.push(`${key} is 20 MB or more`)
  }
  return errors
}
