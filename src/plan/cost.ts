/**
 * What a run costs in money, from the decided plan and MiniMax's list prices (minimax/prices.ts),
 * before any request: the one estimate that max-cost, the dry run, the log, the job summary, the
 * pull-request comment and the estimated_cost output all read, so they cannot disagree. Reused
 * clips and collected tasks cost nothing; what reusing saved is said too. A price that is not
 * known makes the total unknown, never zero.
 */
import type { CostResult } from '../types/result.js'
import type { InputProblem } from '../inputs/inputs.js'
import { addMoney, formatMoney, listPrice } from '../minimax/prices.js'
import type { Request } from './decide.js'
import type { Currency, Money } from '../types/money.js'

/** What one request costs and why: paid for now, reused from an earlier run, or collected (free). */
export interface RequestCost {
  request: Request
  /** The list price of its task (what it costs when new, or what its reuse saved); undefined: unknown. */
  price?: Money
  kind: 'new' | 'reused' | 'collected'
}

export interface Estimate {
  currency: Currency
  requests: RequestCost[]
  /** The new tasks' total; undefined when a price among them is unknown. */
  total?: Money
  /** With recorded tasks that may have to be replaced: at most this (undefined: unknown, or none). */
  most?: Money
  /** What reusing earlier runs' videos and tasks saved (the known prices among them). */
  saved: Money
}

/**
 * The estimate. `isNew` says which requests are paid for: by default what the plan pays for; at
 * the end of a run, the requests whose task this run created (replacements included). `used`
 * says which reused ones count as saved: at the end of a run, not those whose clip failed.
 */
export function estimate(
  requests: readonly Request[],
  currency: Currency,
  options: { waits: boolean; isNew?: (request: Request) => boolean; used?: (request: Request) => boolean } = {
    waits: true
  }
): Estimate {
  const isNew = options.isNew ?? ((r: Request) => r.start.kind === 'pay')
  const costs: RequestCost[] = requests.map(request => {
    const job = request.job
    const price = job && listPrice(job.model, job.resolution, job.duration, currency)
    const reused = request.start.kind === 'video' || request.start.kind === 'task'
    return { request, price, kind: isNew(request) ? 'new' : reused ? 'reused' : 'collected' }
  })
  const zero: Money = { minor: 0, currency }
  const sum = (of: readonly RequestCost[]): Money | undefined =>
    of.every(c => c.price) ? of.reduce((total, c) => addMoney(total, c.price!), zero) : undefined
  const fresh = costs.filter(c => c.kind === 'new')
  const total = sum(fresh)
  // A recorded task that failed is replaced (while waiting): the most the run may pay.
  const replaceable = options.waits ? costs.filter(c => c.request.start.kind === 'task' && c.kind !== 'new') : []
  const most = replaceable.length > 0 ? sum([...fresh, ...replaceable]) : undefined
  const used = options.used ?? (() => true)
  const saved = costs
    .filter(c => c.kind === 'reused' && c.price && used(c.request))
    .reduce((s, c) => addMoney(s, c.price!), zero)
  return { currency, requests: costs, total, most, saved }
}

/**
 * max-cost against the estimate: a run whose new tasks would cost more is refused before anything
 * is sent, naming the clips that make up the cost; so is a cap that cannot be enforced (another
 * currency than the price list's, or an unknown price for a clip that would be paid).
 */
export function costProblems(
  cost: Estimate,
  maxCost: Money | undefined,
  clipName: (request: Request) => string
): InputProblem[] {
  if (!maxCost) return []
  const problem = (message: string): InputProblem[] => [{ input: 'max-cost', message }]
  if (maxCost.currency !== cost.currency) {
    return problem(
      `is in ${maxCost.currency}, but this base-url's list prices are in ${cost.currency}: give the cap as an ` +
        `amount in ${cost.currency} (the action converts no currency)`
    )
  }
  const fresh = cost.requests.filter(c => c.kind === 'new')
  const unknown = fresh.filter(c => !c.price)
  if (unknown.length > 0) {
    const which = unknown.map(c => `${clipName(c.request)} (${c.request.job?.model})`).join(', ')
    return problem(
      `is ${formatMoney(maxCost)}, but no list price is known for ${which}, so the cap cannot be enforced: ` +
        `leave max-cost empty for that model, or choose one with a list price`
    )
  }
  if (!cost.total || cost.total.minor <= maxCost.minor) return []
  const parts = fresh.map(c => `${clipName(c.request)} ${formatMoney(c.price!)}`).join(', ')
  return problem(
    `is ${formatMoney(maxCost)}, but this run would pay about ${formatMoney(cost.total)} for ${fresh.length} new ` +
      `task${fresh.length === 1 ? '' : 's'} (${parts}); raise max-cost, or reuse more from earlier runs`
  )
}

/** How a clip shows in the cost: its request's, or 'shared' for a clip served by another clip's task. */
export type ClipCost = { price?: Money; kind: RequestCost['kind'] | 'shared' }

/** The estimate as the run's result keeps it (for the outputs, the summary and the comment). */
export function costResult(cost: Estimate, clips: number): CostResult {
  return {
    currency: cost.currency,
    total: cost.total,
    most: cost.most,
    saved: cost.saved,
    clips: costPerClip(cost, clips)
  }
}

/** The estimate per clip, in clip order. */
export function costPerClip(cost: Estimate, clips: number): ClipCost[] {
  const per: ClipCost[] = Array.from({ length: clips }, () => ({ kind: 'collected' }))
  for (const c of cost.requests) {
    c.request.clips.forEach((i, n) => (per[i] = n === 0 ? { price: c.price, kind: c.kind } : { kind: 'shared' }))
  }
  return per
}
