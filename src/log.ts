/**
 * The log as the code below run() sees it: @actions/core's functions, passed down, so a module
 * never reaches for a global and tests can collect lines.
 */
/** Where an annotation points: its title, and the file and line it is about (a storyboard's keyframe). */
export interface Annotation {
  title?: string
  file?: string
  startLine?: number
}

export interface Logger {
  debug(message: string): void
  info(message: string): void
  warning(message: string, annotation?: Annotation): void
}

/** The log of a run: the Logger, annotations, and folded groups for its phases (core satisfies it). */
export interface RunLog extends Logger {
  notice(message: string, annotation?: Annotation): void
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}
