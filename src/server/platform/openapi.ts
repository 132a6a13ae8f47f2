/**
 * The OpenAPI document's named schemas. Routes declare TypeBox schemas inline, so @fastify/swagger would repeat every
 * shape in place and clients generated from the document would have no names for them. A schema that carries a
 * `title` (`Type.Object({...}, { title: 'Person' })`) is moved into `components.schemas` under that title and every
 * place it appears becomes a `$ref`. Only the document changes: validation and serialisation ignore `title`.
 *
 * Two different shapes under one title are a mistake (the generated web types would silently pick one): that throws,
 * so the test that builds the document fails.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON Schema node (as opposed to a `properties` map or an OpenAPI object that happens to hold a `title` key). */
const isSchema = (v: Json): boolean =>
  'type' in v || 'properties' in v || 'anyOf' in v || 'oneOf' in v || 'allOf' in v || 'items' in v || 'enum' in v;

export function nameSchemas<T extends object>(document: T): T {
  const doc = document as Json;
  if (!isObject(doc.components)) doc.components = {};
  const components = doc.components as Json;
  if (!isObject(components.schemas)) components.schemas = {};
  const schemas = components.schemas as Json;
  const serialised = new Map<string, string>();

  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!isObject(node)) return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) out[key] = visit(value);
    if (typeof out.title !== 'string' || !isSchema(out)) return out;
    const name = out.title;
    const text = JSON.stringify(out);
    const known = serialised.get(name);
    if (known === undefined) {
      if (name in schemas) throw new Error(`OpenAPI: the schema title "${name}" is also a shared schema's $id`);
      serialised.set(name, text);
      schemas[name] = out;
    } else if (known !== text) {
      throw new Error(`OpenAPI: two different schemas are titled "${name}"; give one of them another title`);
    }
    return { $ref: `#/components/schemas/${name}` };
  };

  doc.paths = visit(doc.paths);
  for (const [name, schema] of Object.entries(schemas)) {
    if (!serialised.has(name)) schemas[name] = visit(schema);
  }
  return document;
}
