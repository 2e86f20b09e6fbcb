/**
 * The OpenAPI 3.1 document, generated from the routes' own zod schemas (the ones their handlers
 * validate with) by zod's JSON Schema output: OpenAPI 3.1's schema dialect is JSON Schema
 * 2020-12, which is what z.toJSONSchema writes, so no converter library sits in between.
 */
import { z } from 'zod';
import { problemSchema, responseSchemas } from '../schemas/responses.ts';
import type { Operation, OperationResponse } from './operation.ts';

type JsonSchema = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';

/** zod's .int() bounds are JavaScript's safe integers: true of every JSON number here, so left unsaid. */
function plainIntegers(ctx: { jsonSchema: JsonSchema }): void {
  if (ctx.jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete ctx.jsonSchema.minimum;
  if (ctx.jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete ctx.jsonSchema.maximum;
}

/** Answers may carry more fields than a schema names (a record's full bibliographic data): say so. */
function openObjects(ctx: { jsonSchema: JsonSchema }): void {
  plainIntegers(ctx);
  if (ctx.jsonSchema.additionalProperties === false) delete ctx.jsonSchema.additionalProperties;
}

function bare(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function inputSchema(schema: z.ZodType): JsonSchema {
  return bare(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', override: plainIntegers }) as JsonSchema);
}

function outputSchema(schema: z.ZodType): JsonSchema {
  const id = responseSchemas.get(schema)?.id;
  if (id !== undefined) return { $ref: `${COMPONENTS}${id}` };
  // A named schema inside lands in $defs; it is a component already, so point there instead.
  const { $defs = {}, ...inline } = bare(z.toJSONSchema(schema, { metadata: responseSchemas, override: openObjects, unrepresentable: 'any' }) as JsonSchema);
  for (const id of Object.keys($defs as JsonSchema)) if (!responseSchemas._idmap.has(id)) throw new Error(`OpenAPI: ${id} is not a named response schema`);
  return JSON.parse(JSON.stringify(inline).replaceAll('"#/$defs/', `"${COMPONENTS}`)) as JsonSchema;
}

function components(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(responseSchemas, { uri: (id) => `${COMPONENTS}${id}`, override: openObjects, unrepresentable: 'any' }) as { schemas: Record<string, JsonSchema> };
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, bare(schema)]));
}

/** `/api/results/:id` → `/api/results/{id}`. */
function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function pathParameterNames(expressPath: string): string[] {
  return [...expressPath.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
}

function parameters(op: Operation): JsonSchema[] {
  const inPath = pathParameterNames(op.path).map((name) => ({
    name,
    in: 'path',
    required: true,
    ...(op.pathParams?.[name] ? { description: op.pathParams[name] } : {}),
    schema: { type: 'string' },
  }));
  const inQuery = Object.entries(op.query?.shape ?? {}).map(([name, field]) => {
    const schema = inputSchema(field as z.ZodType);
    const { description, ...rest } = schema;
    return {
      name,
      in: 'query',
      // Optional and defaulted parameters both accept "absent".
      required: !(field as z.ZodType).safeParse(undefined).success,
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
  return [...inPath, ...inQuery];
}

const PROBLEM = { description: 'Problem details (RFC 9457)', schema: problemSchema };

/** The answers every operation of its kind may give, besides its own. */
function standardResponses(op: Operation): Record<number, OperationResponse> {
  const json = Object.values(op.responses).every((r) => r.contentType === undefined || r.contentType.includes('json'));
  const standard: Record<number, OperationResponse> = {};
  if (json && (op.query || op.body || pathParameterNames(op.path).length > 0)) standard[400] = { ...PROBLEM, description: 'Invalid request: errors[] names each parameter or field at fault' };
  if (op.access !== 'public') standard[401] = { ...PROBLEM, description: 'Sign-in required, or the credentials were refused' };
  if (op.access === 'librarian') standard[403] = { ...PROBLEM, description: 'Signed in, but not as a librarian' };
  return standard;
}

function response(status: number, r: OperationResponse): JsonSchema {
  const problem = r.schema === problemSchema;
  const contentType = r.contentType ?? (problem ? 'application/problem+json' : 'application/json');
  if (status === 204) return { description: r.description };
  return { description: r.description, content: { [contentType]: { schema: r.schema ? outputSchema(r.schema) : { type: 'string' } } } };
}

function operationObject(op: Operation): JsonSchema {
  const responses = { ...standardResponses(op), ...op.responses };
  const params = parameters(op);
  return {
    operationId: `${op.method}${openApiPath(op.path).replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: op.summary,
    tags: [op.tag],
    ...(op.access === 'public' ? {} : { security: [{ idToken: [] }, { apiKey: [] }, { signInProxy: [] }] }),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: inputSchema(op.body) } } } } : {}),
    responses: Object.fromEntries(Object.entries(responses).map(([status, r]) => [status, response(Number(status), r)])),
  };
}

export interface DocumentInfo {
  title: string;
  version: string;
  description: string;
}

export function openApiDocument(operations: readonly Operation[], info: DocumentInfo): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of operations) {
    const item = (paths[openApiPath(op.path)] ??= {});
    if (item[op.method]) throw new Error(`OpenAPI: ${op.method.toUpperCase()} ${op.path} is described twice`);
    item[op.method] = operationObject(op);
  }
  return {
    openapi: '3.1.1',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: components(),
      securitySchemes: {
        idToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An OIDC ID token from the campus sign-in (gateway.auth.oidc).' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'A named API key for scripts (librarian role; gateway.auth.apiKeys).' },
        signInProxy: { type: 'apiKey', in: 'header', name: 'X-Remote-User', description: 'Set by the campus sign-in proxy (CAS, Shibboleth) from a trusted address only (gateway.auth.proxy; the header name is configurable).' },
      },
    },
  };
}
