/**
 * MiniMax's list prices for a clip, in one place: per model, resolution and duration, in the
 * currency of the platform base-url points at, each figure with where it was read. Money is kept
 * in minor units (fen, cents) so sums are exact. A price that was not found is "unknown", never a
 * guess: whoever caps or estimates a cost must say so rather than count it as free.
 *
 * Every figure says how it is known: V = read in the source named, I = inferred. MiniMax changes
 * prices; read the sources again before relying on a figure, and move PRICES_READ_ON with them.
 */
import { rulesOf } from './rules.js'
import type { Model } from '../types/rules.js'
import type { Currency, Money } from '../types/money.js'

/** When the figures below were checked against their sources. */
export const PRICES_READ_ON = '2026-12-01'

export interface PriceSource {
  title: string
  url: string
  /** What it says and how far it can be trusted. */
  note: string
}

export const PRICE_SOURCES = {
  cnPaygo: {
    title: 'MiniMax pay-as-you-go pricing (mainland China platform)',
    url: 'https://platform.minimaxi.com/docs/guides/pricing-paygo',
    note:
      "MiniMax's own page, in CNY. Found on 2026-12-01, but its video table could not be read then; " +
      'the CNY figures are read in the transcriptions below'
  },
  intlPaygo: {
    title: 'MiniMax pay-as-you-go pricing (international platform)',
    url: 'https://platform.minimax.io/docs/guides/pricing-paygo',
    note:
      "MiniMax's own page, in USD. Found on 2026-12-01, but its video table could not be read then; " +
      'the USD figures are read in the transcriptions below'
  },
  hailuoSkill: {
    title: 'calesthio/generative-media-skills: minimax-hailuo-video SKILL.md',
    url:
      'https://github.com/calesthio/generative-media-skills/blob/main/' +
      'skills/providers/video-generation/minimax-hailuo-video/SKILL.md',
    note:
      'Copies both pay-as-you-go pages for Hailuo-02 (Global USD, Mainland China CNY), checked there ' +
      "2026-07-10. Other transcriptions agree; a reseller's list (PPInfra) charging 6.00 CNY for 1080P 6 s " +
      "is not MiniMax's price"
  },
  arcreelH3: {
    title: 'ArcReel/ArcReel#1759: MiniMax-H3 integration',
    url: 'https://github.com/ArcReel/ArcReel/issues/1759',
    note: 'MiniMax-H3 per second: 0.50 CNY at 768P, 0.80 CNY at 2K, with official sources cited in its code'
  },
  laozhangH3: {
    title: 'LaoZhang API: MiniMax H3 launch notice',
    url: 'https://docs.laozhang.ai/en/announcements/minimax-h3-2026-10',
    note:
      "A reseller that also quotes MiniMax's official API prices, checked there 2026-10-24 against " +
      'platform.minimax.io pricing-paygo: 0.08 USD/s at 768P, 0.13 USD/s at 2K'
  },
  videoPackages: {
    title: 'MiniMax video packages (international platform)',
    url: 'https://platform.minimax.io/docs/guides/pricing-video',
    note:
      'Subscriptions from 1,000 USD, billed in points instead of money: a key from a package is not ' +
      'charged these prices'
  }
} as const satisfies Record<string, PriceSource>

export type PriceSourceId = keyof typeof PRICE_SOURCES

/** One figure of the list, in minor units, with how it is known. */
export interface PriceFigure {
  minor: number
  basis: 'V' | 'I'
  source: PriceSourceId
}

type InBoth = Readonly<Record<Currency, PriceFigure>>

export type PriceEntry =
  /** A price per clip, by resolution and then duration in seconds. */
  | { per: 'clip'; clips: Readonly<Record<string, Readonly<Record<number, InBoth>>>> }
  /** A price per second of requested duration, by resolution. */
  | { per: 'second'; rates: Readonly<Record<string, InBoth>> }
  | { per: 'unknown'; why: string }

const read = (minor: number, source: PriceSourceId): PriceFigure => ({ minor, basis: 'V', source })

export const PRICE_LIST: Readonly<Record<Model, PriceEntry>> = {
  'MiniMax-Hailuo-02': {
    per: 'clip',
    clips: {
      '768P': {
        6: {
          CNY: read(200, 'hailuoSkill'), // 2.00 CNY: V, hailuoSkill (Mainland China column)
          USD: read(28, 'hailuoSkill') // 0.28 USD: V, hailuoSkill (Global column); routers charge the same
        },
        10: {
          CNY: read(400, 'hailuoSkill'), // 4.00 CNY: V, hailuoSkill (Mainland China column)
          USD: read(56, 'hailuoSkill') // 0.56 USD: V, hailuoSkill (Global column)
        }
      },
      '1080P': {
        6: {
          CNY: read(350, 'hailuoSkill'), // 3.50 CNY: V, hailuoSkill (Mainland China column)
          USD: read(49, 'hailuoSkill') // 0.49 USD: V, hailuoSkill (Global column)
        }
      }
    }
  },
  'MiniMax-H3': {
    per: 'second',
    rates: {
      '768P': {
        CNY: read(50, 'arcreelH3'), // 0.50 CNY/s: V, arcreelH3
        USD: read(8, 'laozhangH3') // 0.08 USD/s: V, laozhangH3 ("MiniMax official API" column)
      },
      '2K': {
        CNY: read(80, 'arcreelH3'), // 0.80 CNY/s: V, arcreelH3
        USD: read(13, 'laozhangH3') // 0.13 USD/s: V, laozhangH3 ("MiniMax official API" column)
      }
    }
  },
  'MiniMax-H3-Max': {
    per: 'unknown',
    why:
      'MiniMax publishes no price for MiniMax-H3-Max that could be read on 2026-12-01 (only resellers and ' +
      'third-party credits)'
  }
}

/** The figure behind a clip's list price, or undefined when it is unknown or the clip is not offered. */
export function priceFigure(
  model: Model,
  resolution: string,
  duration: number,
  currency: Currency
): PriceFigure | undefined {
  if (!rulesOf(model).durations[resolution]?.includes(duration)) return undefined
  const entry = PRICE_LIST[model]
  if (entry.per === 'clip') return entry.clips[resolution]?.[duration]?.[currency]
  if (entry.per === 'second') {
    const rate = entry.rates[resolution]?.[currency]
    return rate && { ...rate, minor: rate.minor * duration }
  }
  return undefined
}

/** A clip's list price; undefined means unknown (or not offered), which is never zero. */
export function listPrice(model: Model, resolution: string, duration: number, currency: Currency): Money | undefined {
  const figure = priceFigure(model, resolution, duration, currency)
  return figure && { minor: figure.minor, currency }
}

/** The international platform bills in USD; the default host, api.minimax.cn and any proxy in CNY. */
export function currencyOf(baseUrl: string): Currency {
  try {
    return new URL(baseUrl).hostname === 'api.minimax.io' ? 'USD' : 'CNY'
  } catch {
    return 'CNY'
  }
}

/** Points a video-package key pays for a Hailuo-02 clip instead of money (videoPackages, V). */
export const PACKAGE_POINTS: Readonly<Record<string, Readonly<Record<number, number>>>> = {
  '768P': { 6: 1, 10: 2 },
  '1080P': { 6: 2 }
}

/** Amounts in two currencies were combined: a bug, since one run has one price list. */
export class CurrencyMismatch extends Error {
  override name = 'CurrencyMismatch'
  readonly left: Currency
  readonly right: Currency
  constructor(left: Currency, right: Currency) {
    super(`amounts in ${left} and ${right} cannot be combined`)
    this.left = left
    this.right = right
  }
}

function checked(minor: number, currency: Currency): Money {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`${minor} is not a whole number of minor units`)
  return { minor, currency }
}

/** a + b; mixing currencies is a bug (the list follows one base-url), so it throws. */
export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new CurrencyMismatch(a.currency, b.currency)
  return checked(a.minor + b.minor, a.currency)
}

/** The total of amounts in one currency; zero when there are none. */
export function sumMoney(amounts: readonly Money[], currency: Currency): Money {
  return amounts.reduce(addMoney, checked(0, currency))
}

/** Negative, zero or positive as a is less than, equal to or more than b (same currency). */
export function compareMoney(a: Money, b: Money): number {
  if (a.currency !== b.currency) throw new CurrencyMismatch(a.currency, b.currency)
  return Math.sign(a.minor - b.minor)
}

/** "8.00 CNY": two decimals, no thousands separator, the code after the amount (what parseMoney reads). */
export function formatMoney(m: Money): string {
  const whole = Math.trunc(Math.abs(m.minor) / 100)
  const cents = String(Math.abs(m.minor) % 100).padStart(2, '0')
  return `${m.minor < 0 ? '-' : ''}${whole}.${cents} ${m.currency}`
}

/** The largest max-cost accepted, in major units: more than any run could spend, so a typo. */
export const MAX_MONEY = 1_000_000

const shown = (text: string): string => JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text)
const FORMS = 'an amount then its currency, CNY or USD: "5 CNY", "1.50 USD" (the code in any case, the space optional)'

/**
 * A max-cost: an amount, then CNY or USD in any case, with or without a space ("5 CNY", "1.50 USD",
 * "5cny"). Refused: no currency, another currency or a symbol, a negative amount, more than two
 * decimals, thousands separators or exponents, and more than MAX_MONEY.
 */
export function parseMoney(text: string): Money | { problem: string } {
  const trimmed = text.trim()
  if (!trimmed) return { problem: `is empty; give ${FORMS}` }
  const match = /^(-?)(\d+)(?:\.(\d+))?\s*([A-Za-z]*)$/.exec(trimmed)
  if (!match) {
    const symbol = /[$¥￥€£]/.test(trimmed) ? ' (write the currency code, not a symbol)' : ''
    return { problem: `must be ${FORMS}${symbol}; got ${shown(text)}` }
  }
  const minus = match[1]
  const whole = match[2]!
  const decimals = match[3] ?? ''
  const code = match[4]!
  if (!code) return { problem: `has no currency; write it after the amount, like "${whole} CNY" or "${whole} USD"` }
  const currency = code.toUpperCase()
  if (currency !== 'CNY' && currency !== 'USD') {
    return { problem: `is in ${shown(code)}, which the price list is not; MiniMax bills in CNY or USD` }
  }
  if (minus) return { problem: `must not be negative; got ${shown(text)}` }
  if (decimals.length > 2) {
    return { problem: `has more than 2 decimals; ${currency} is counted in hundredths; got ${shown(text)}` }
  }
  // The length check keeps the digits within a safe integer before they are read.
  const minor = whole.length > 9 ? Infinity : Number(whole) * 100 + Number(decimals.padEnd(2, '0'))
  if (minor > MAX_MONEY * 100) return { problem: `must be at most ${MAX_MONEY} ${currency}; got ${shown(text)}` }
  return checked(minor, currency)
}
