import AjvCompiler from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';

type Compile = (route: never) => (...args: never[]) => unknown;

/**
 * Fastify's own schema compilers (Ajv for what a request sends, fast-json-stringify for what a
 * route answers), each route's schema compiled on the route's first use instead of at start:
 * compiling every route's validators and serializers was about 1.5 s of a 2.2 s restart, for
 * routes most restarts never see. A schema that cannot compile answers 500 on first use (the test
 * suite calls every route).
 */
export function lazySchemaCompilers() {
  const validators = AjvCompiler();
  const serializers = SerializerSelector();
  return {
    buildValidator: ((externalSchemas: unknown, options: unknown) => {
      const compile = (validators as (...a: unknown[]) => Compile)(externalSchemas, options);
      return (route: never) => {
        let validate: ReturnType<Compile> & { errors?: unknown } = null as never;
        const lazy = (data: unknown, context?: unknown) => {
          validate ??= compile(route);
          return (validate as (d: unknown, c?: unknown) => unknown)(data, context);
        };
        // Ajv leaves a failed validation's errors on the function; Fastify reads them there.
        Object.defineProperty(lazy, 'errors', { get: () => validate?.errors });
        // An Ajv function: Fastify passes the parent object, so Ajv may coerce the root value.
        Object.defineProperty(lazy, 'schemaEnv', { value: true });
        return lazy;
      };
    }) as unknown as ReturnType<typeof AjvCompiler>,
    buildSerializer: ((externalSchemas: unknown, options: unknown) => {
      const compile = (serializers as (...a: unknown[]) => Compile)(externalSchemas, options);
      return (route: never) => {
        let serialize: ((data: unknown) => string) | null = null;
        return (data: unknown) => {
          serialize ??= compile(route) as (data: unknown) => string;
          return serialize(data);
        };
      };
    }) as unknown as ReturnType<typeof SerializerSelector>,
  };
}
