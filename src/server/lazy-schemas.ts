/**
 * Route schemas compiled on first use instead of at start (issue 18: Fastify compiled every route's Ajv
 * validators and fast-json-stringify serializers before listening, about 0.8 s of a 2.3 s cold start, for
 * routes most processes never serve). These are Fastify's own default compilers (the same Ajv options, the
 * same serializers), only called later: behaviour and the OpenAPI document do not change. A schema that does
 * not compile would fail its first request instead of the start; `compileAll()` compiles everything now, and
 * a test runs it over every route so that such a mistake still fails CI.
 */
import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

type Fn = ((...args: unknown[]) => unknown) & { errors?: unknown; schemaEnv?: unknown };
type Compiler = (route: unknown) => Fn;
type Builder = (externalSchemas: unknown, options: unknown) => Compiler;

// Fastify's default compilers (its dependencies): required here, not imported, as fastify itself does.
const require = createRequire(import.meta.url);
const fastifyRequire = createRequire(require.resolve('fastify'));
const ValidatorSelector = fastifyRequire('@fastify/ajv-compiler') as () => Builder;
const SerializerSelector = fastifyRequire('@fastify/fast-json-stringify-compiler') as () => Builder;

export interface LazySchemas {
  compilersFactory: CompilersFactory;
  /** Compiles every schema still waiting; returns how many it compiled. Throws what a schema fails with. */
  compileAll(): number;
}

export function lazySchemas(): LazySchemas {
  const waiting = new Set<() => unknown>();

  /** A function that compiles `compile()` on its first call, or when Fastify asks for Ajv's properties. */
  function deferred(compile: () => Fn): Fn {
    let fn: Fn | undefined;
    const get = (): Fn => {
      if (!fn) {
        waiting.delete(get);
        fn = compile();
      }
      return fn;
    };
    waiting.add(get);
    const call = ((...args: unknown[]) => get()(...args)) as Fn;
    // Fastify reads `schemaEnv` before validating (Ajv may then change the root value) and `errors` after.
    Object.defineProperty(call, 'errors', { get: () => get().errors });
    Object.defineProperty(call, 'schemaEnv', { get: () => get().schemaEnv });
    return call;
  }

  /** Wraps a builder: its compiler (an Ajv instance, for validators) is made on first use too. */
  function lazyBuilder(selector: () => Builder): Builder {
    const build = selector();
    return (externalSchemas, options) => {
      let compiler: Compiler | undefined;
      return (route) => deferred(() => (compiler ??= build(externalSchemas, options))(route));
    };
  }

  return {
    // Fastify's types want Ajv's function type; the wrappers answer for what Fastify reads of it (see deferred).
    compilersFactory: { buildValidator: lazyBuilder(ValidatorSelector), buildSerializer: lazyBuilder(SerializerSelector) } as unknown as CompilersFactory,
    compileAll() {
      const all = [...waiting];
      for (const get of all) get();
      return all.length;
    },
  };
}
