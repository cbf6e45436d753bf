// Rows of our prepared queries turned into objects by a function compiled once per query.
// drizzle maps every row by walking the query's selected fields and asking, for each column of
// each row, what kind of field it is (`is()`, a walk up the prototype chain) and how to decode it:
// the single largest self-time function of education under the roster bench. The answer never
// changes for a prepared query, so it is worked out once here and the mapper is a flat function
// that builds each row's object in one literal. Queries with an outer join (whose absent side
// drizzle turns into null) keep drizzle's own mapping.
import { Column, is, SQL } from 'drizzle-orm';

interface SelectedField {
  path: string[];
  field: unknown;
}
type Decode = (value: unknown) => unknown;
type RowMapper = (row: unknown[]) => Record<string, unknown>;

/** The drizzle prepared query's own fields, as set by `.prepare()` (not in its public types). */
interface PreparedInternals {
  fields?: SelectedField[];
  joinsNotNullableMap?: Record<string, boolean>;
  customResultMapper?: (rows: unknown[][]) => unknown;
}

const identity = Column.prototype.mapFromDriverValue;

/** What drizzle's mapResultRow would decode a field's raw value with; null when it keeps it as is. */
function decoderOf(field: unknown): Decode | null {
  if (is(field, Column)) return field.mapFromDriverValue === identity ? null : (v) => field.mapFromDriverValue(v);
  // An SQL expression, an aliased one or a subquery: its decoder (not in drizzle's public types).
  type WithDecoder = { decoder: { mapFromDriverValue: Decode } };
  const sql = (is(field, SQL) ? field : ((field as { sql?: SQL }).sql ?? (field as { _: { sql: SQL } })._.sql)) as unknown as WithDecoder;
  const { decoder } = sql;
  return (v) => decoder.mapFromDriverValue(v);
}

/** A function from a row (values in the order of `fields`) to the object drizzle would build. */
export function compileRowMapper(fields: readonly SelectedField[]): RowMapper {
  const decoders: Array<Decode | null> = fields.map((f) => decoderOf(f.field));
  // The object literal, nested by path: { "a": v0, "t": { "b": v1 } }.
  interface Node {
    [key: string]: Node | number;
  }
  const tree: Node = {};
  fields.forEach(({ path }, i) => {
    let node = tree;
    path.slice(0, -1).forEach((chunk) => (node = (node[chunk] ??= {}) as Node));
    node[path[path.length - 1]!] = i;
  });
  const valueOf = (i: number) => (decoders[i] ? `(row[${i}] === null ? null : d[${i}](row[${i}]))` : `row[${i}]`);
  const literal = (node: Node): string =>
    `{${Object.entries(node)
      .map(([key, v]) => `${JSON.stringify(key)}: ${typeof v === 'number' ? valueOf(v) : literal(v)}`)
      .join(', ')}}`;
  const build = new Function('d', `return (row) => (${literal(tree)});`) as (d: Array<Decode | null>) => RowMapper;
  return build(decoders);
}

/** `prepared` mapping its rows with a compiled mapper where drizzle's mapping is a plain one. */
export function withCompiledRows<Q>(prepared: Q): Q {
  const internals = prepared as PreparedInternals;
  const { fields, joinsNotNullableMap, customResultMapper } = internals;
  if (!fields || customResultMapper) return prepared;
  if (joinsNotNullableMap && Object.values(joinsNotNullableMap).some((notNull) => !notNull)) return prepared;
  const map = compileRowMapper(fields);
  internals.customResultMapper = (rows) => rows.map(map);
  return prepared;
}
