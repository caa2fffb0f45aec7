// Checks every document a test run wrote against the contract's $jsonSchema validators, as
// MongoDB applies them (validationLevel "strict": inserts, and the whole document after every
// update, replace and upsert). FerretDB ignores validators; scripts/ferretdb-write-log.sql
// records each written document with the BSON type of every field, which is what MongoDB's
// `bsonType` keyword judges: the driver sends a JS number as int or double, a Date as date.
// Ajv (a maintained JSON Schema validator) runs the schema; `bsonType` is added as a keyword.
import { spawnSync } from 'node:child_process';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Binary, type Collection, type Db, Decimal128, Double, Int32, Long, ObjectId } from 'mongodb';
import { collections } from '@/scripts/db-apply.mjs';

export interface Violation {
  database: string;
  collection: string;
  /** How many recorded writes had this shape, and one of their _ids. */
  writes: number;
  exampleId: string;
  field: string;
  rule: string;
}

export interface CheckResult {
  checked: number;
  /** Writes to collections the contract does not declare: MongoDB validates nothing there either. */
  undeclared: Record<string, number>;
  violations: Violation[];
}

// The recorded shapes are grouped by their BSON types ("$s"), not their values: sound while the
// validators speak only of types and presence. A keyword about values (enum, pattern, minimum…)
// must end the grouping, so any other keyword stops the check instead of passing unseen.
const KEYWORDS_ON_SHAPE = new Set(['bsonType', 'properties', 'required', 'additionalProperties', 'items']);

type TypeTree = { t: string; $s?: { p: Record<string, TypeTree>; $k: string[] }; i?: TypeTree[]; s?: number };

const BSON_TYPE_OF: Record<string, (value: unknown) => boolean> = {
  objectId: (v) => v instanceof ObjectId,
  date: (v) => v instanceof Date,
  int: (v) => v instanceof Int32,
  long: (v) => v instanceof Long,
  double: (v) => v instanceof Double,
  decimal: (v) => v instanceof Decimal128,
  number: (v) => v instanceof Int32 || v instanceof Long || v instanceof Double || v instanceof Decimal128,
  binData: (v) => v instanceof Binary,
  string: (v) => typeof v === 'string',
  bool: (v) => typeof v === 'boolean',
  null: (v) => v === null,
  array: (v) => Array.isArray(v),
  object: (v) => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype,
};

function bsonTypeName(value: unknown): string {
  return Object.entries(BSON_TYPE_OF).find(([name, is]) => name !== 'number' && is(value))?.[0] ?? typeof value;
}

/** FerretDB's stored JSON with its type tree, back to the BSON values the driver sent. */
function decode(value: unknown, type: TypeTree): unknown {
  switch (type.t) {
    case 'object': {
      const object = value as Record<string, unknown>;
      return Object.fromEntries(type.$s!.$k.map((key) => [key, decode(object[key], type.$s!.p[key]!)]));
    }
    case 'array':
      return (value as unknown[]).map((item, n) => decode(item, type.i![n]!));
    case 'objectId':
      return new ObjectId(value as string);
    case 'date':
      return new Date(value as number);
    case 'int':
      return new Int32(value as number);
    case 'long':
      return Long.fromNumber(value as number);
    case 'double':
      return new Double(value as number);
    case 'binData':
      return new Binary(Buffer.from(value as string, 'base64'), type.s);
    case 'string':
    case 'bool':
    case 'null':
      return value;
    default:
      throw new Error(`contract check: FerretDB type "${type.t}" is not decoded yet`);
  }
}

function checkKeywords(schema: unknown, collection: string): void {
  if (typeof schema !== 'object' || schema === null) return;
  for (const [key, value] of Object.entries(schema)) {
    if (!KEYWORDS_ON_SHAPE.has(key)) {
      throw new Error(`contract check: ${collection}'s validator uses "${key}"; group writes by value to check it`);
    }
    if (key === 'properties') for (const property of Object.values(value as object)) checkKeywords(property, collection);
    else if (key === 'items') checkKeywords(value, collection);
  }
}

function compile(): Map<string, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addKeyword({
    keyword: 'bsonType',
    schemaType: ['string', 'array'],
    errors: true,
    validate: function bsonType(this: unknown, expected: string | string[], data: unknown) {
      const allowed = Array.isArray(expected) ? expected : [expected];
      const ok = allowed.some((name) => BSON_TYPE_OF[name]?.(data));
      if (!ok) {
        (bsonType as unknown as { errors: Partial<ErrorObject>[] }).errors = [
          { keyword: 'bsonType', message: `bsonType must be ${allowed.join(' or ')}, was ${bsonTypeName(data)}`, params: {} },
        ];
      }
      return ok;
    },
  });
  const validators = new Map<string, ValidateFunction>();
  for (const [name, spec] of Object.entries(collections)) {
    if (!spec.validator) continue;
    checkKeywords(spec.validator.jsonSchema, name);
    validators.set(name, ajv.compile(spec.validator.jsonSchema));
  }
  return validators;
}

function describe(error: ErrorObject): { field: string; rule: string } {
  const at = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return { field: at ? `${at}.${extra}` : extra, rule: 'additionalProperties: false (a field the contract does not declare)' };
  }
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return { field: at ? `${at}.${missing}` : missing, rule: 'required (missing)' };
  }
  return { field: at || '(document)', rule: error.message ?? error.keyword };
}

function psql(url: string, sql: string): string {
  const bin = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
  const run = spawnSync(`${bin}/psql`, ['-X', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (run.status !== 0) throw new Error(`contract check: psql failed: ${run.stderr}`);
  return run.stdout;
}

/**
 * Checks the writes recorded in the cluster at `postgresUrl` (all databases, or only `database`)
 * and, with `consume`, removes those it checked.
 */
export function checkRecordedWrites(
  postgresUrl: string,
  { database, consume = false }: { database?: string; consume?: boolean } = {},
): CheckResult {
  const validators = compile();
  const byTable = new Map(Object.keys(collections).map((name) => [name.toLowerCase(), name]));
  const where = database ? `WHERE db = '${database.replaceAll("'", "''")}'` : '';
  const last = Number(psql(postgresUrl, `SELECT coalesce(max(id), 0) FROM public.tasklane_writes ${where}`).trim());
  const scope = `${where ? `${where} AND` : 'WHERE'} id <= ${last}`;
  const shapes = psql(
    postgresUrl,
    `SELECT json_build_object('db', db, 'tbl', tbl, 'writes', count(*), 'doc', (array_agg(doc ORDER BY id))[1])
       FROM public.tasklane_writes ${scope} GROUP BY db, tbl, doc -> '$s'`,
  );
  const result: CheckResult = { checked: 0, undeclared: {}, violations: [] };
  for (const line of shapes.split('\n').filter(Boolean)) {
    const { db, tbl, writes, doc } = JSON.parse(line) as {
      db: string;
      tbl: string;
      writes: number;
      doc: Record<string, unknown>;
    };
    const collection = byTable.get(tbl.replace(/_[0-9a-f]{8}$/, ''));
    const validate = collection && validators.get(collection);
    if (!collection || !validate) {
      const name = `${db}.${tbl}`;
      result.undeclared[name] = (result.undeclared[name] ?? 0) + writes;
      continue;
    }
    result.checked += writes;
    const { $s, ...fields } = doc;
    const value = decode(fields, { t: 'object', $s: $s as TypeTree['$s'] }) as { _id?: unknown };
    const exampleId = String(value._id);
    if (validate(value)) continue;
    for (const error of validate.errors ?? []) {
      result.violations.push({ database: db, collection, writes, exampleId, ...describe(error) });
    }
  }
  if (consume) psql(postgresUrl, `DELETE FROM public.tasklane_writes ${scope}`);
  return result;
}

export function formatViolation(v: Violation): string {
  return `${v.collection} (database ${v.database}): field "${v.field}" breaks ${v.rule}; ${v.writes} write(s) of this shape, e.g. _id ${v.exampleId}`;
}

/**
 * Release one's documents, written as it wrote them, before the validators existed: on MongoDB
 * such a fixture needs `bypassDocumentValidation`, which the driver sends and FerretDB ignores;
 * here the recorded writes of exactly these documents are set aside, and every later write to
 * them (a migration's) is checked as usual.
 */
export async function writeAsReleaseOne(
  db: Db,
  collection: string,
  write: (c: Collection, options: { bypassDocumentValidation: true }) => Promise<ObjectId[]>,
): Promise<ObjectId[]> {
  const ids = await write(db.collection(collection), { bypassDocumentValidation: true });
  const postgresUrl = process.env['TEST_POSTGRES_URL'];
  if (!postgresUrl || ids.length === 0) return ids; // this run records nothing (a file run on its own)
  const list = ids.map((id) => `'${id.toHexString()}'`).join(',');
  psql(
    postgresUrl,
    `DELETE FROM public.tasklane_writes WHERE db = '${db.databaseName.replaceAll("'", "''")}'
       AND tbl ~ '^${collection.toLowerCase()}_[0-9a-f]{8}$' AND doc ->> '_id' IN (${list})`,
  );
  return ids;
}
