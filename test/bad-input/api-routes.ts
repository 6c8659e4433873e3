import type { TestApp } from '../app';

/**
 * Every route of the API, read from its own OpenAPI document (/docs-json), so that the bad-input
 * properties cover a route added later without anyone listing it here.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface QueryParameter {
  name: string;
  /** The OpenAPI type: 'integer', 'number', 'string', ... */
  type: string;
  minimum?: number;
  maximum?: number;
}

export interface ApiRoute {
  method: Method;
  /** As the document writes it, e.g. /api/v1/missions/{missionId}/teams. */
  path: string;
  body: 'json' | 'csv' | null;
  /** The fields the document gives a JSON body (its schema's properties). */
  fields: string[];
  query: QueryParameter[];
}

interface OpenApiOperation {
  parameters?: { name: string; in: string; schema?: { type?: string; minimum?: number; maximum?: number } }[];
  requestBody?: { content: Record<string, { schema?: { $ref?: string } }> };
}

export async function apiRoutes(t: TestApp): Promise<ApiRoute[]> {
  const document = (await t.anonymous().get('/docs-json').expect(200)).body as {
    paths: Record<string, Record<string, OpenApiOperation>>;
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  };
  const fieldsOf = (ref: string | undefined) =>
    Object.keys(document.components.schemas[ref?.split('/').pop() ?? '']?.properties ?? {});
  const routes: ApiRoute[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const content = Object.keys(operation.requestBody?.content ?? {});
      routes.push({
        method: method.toUpperCase() as Method,
        path,
        body: content.includes('application/json') ? 'json' : content.includes('text/csv') ? 'csv' : null,
        fields: fieldsOf(operation.requestBody?.content['application/json']?.schema?.$ref),
        query: (operation.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, type: p.schema?.type ?? 'string', ...range(p.schema) })),
      });
    }
  }
  return routes;
}

function range(schema: { minimum?: number; maximum?: number } | undefined) {
  return {
    ...(schema?.minimum !== undefined ? { minimum: schema.minimum } : {}),
    ...(schema?.maximum !== undefined ? { maximum: schema.maximum } : {}),
  };
}

export const routeKey = (route: Pick<ApiRoute, 'method' | 'path'>) => `${route.method} ${route.path}`;

/** Numeric query parameters: the ones that must have a documented range. */
export const numericParameters = (route: ApiRoute) =>
  route.query.filter((p) => p.type === 'integer' || p.type === 'number');

/** The path with its {parameters} replaced; a parameter `values` lacks is an error of the test. */
export function fillPath(path: string, values: Readonly<Record<string, string | number>>): string {
  return path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    if (values[name] === undefined) throw new Error(`No value for {${name}} of ${path}: add it to the seeded ids`);
    return encodeURIComponent(String(values[name]));
  });
}
