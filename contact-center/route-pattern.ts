/** Fastify's pattern for one of the contract's routes (api.ts): its parameters as :names, so no path is typed twice. */
export function routePattern(path: (...args: never[]) => string, ...names: string[]): string {
  return decodeURIComponent((path as (...args: string[]) => string)(...names.map((name) => `:${name}`)));
}
