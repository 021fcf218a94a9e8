// The resource → scope → record nesting shared by all three OTLP/JSON signals.
import type { Resource, Scope } from "./types";
import { Issues } from "./record-issues";
import { Fields, eachObject, type JsonObject } from "./json-fields";
import { jsonAttributes } from "./json-anyvalue";

export interface Group<R> {
  resource: Resource;
  scopes: { scope: Scope; records: R[] }[];
}

export interface RecordKind<R> {
  scopesKey: string; // "scopeSpans"
  recordsKey: string; // "spans"
  /** `inherited`: a problem with the enclosing resource or scope, which invalidates the record. */
  convert(obj: JsonObject, path: string, inherited: string | undefined): R;
  /** A stand-in record for an entry that is not an object (or a list that is not an array). */
  invalid(reason: string): R;
}

const emptyScope = (): Scope => ({ name: "", version: "" });

export function groups<R>(list: unknown[], listPath: string, kind: RecordKind<R>): Group<R>[] {
  const lost = (reason: string): Group<R>["scopes"][number] => ({ scope: emptyScope(), records: [kind.invalid(reason)] });
  return eachObject(
    list,
    listPath,
    (obj, path) => {
      const issues = new Issues();
      const f = new Fields(obj, path, issues);
      const res = f.object("resource");
      const attributes = res ? jsonAttributes(f.child(res, "resource").get("attributes"), `${path}.resource.attributes`, issues) : {};
      const resourceProblem = issues.first;
      const scopes = eachObject(
        f.get(kind.scopesKey),
        `${path}.${kind.scopesKey}`,
        (sobj, spath) => {
          const scopeIssues = new Issues(resourceProblem);
          const sf = new Fields(sobj, spath, scopeIssues);
          const sc = sf.object("scope");
          const scf = sc && sf.child(sc, "scope");
          const scope = scf ? { name: scf.str("name"), version: scf.str("version") } : emptyScope();
          const records = eachObject(
            sf.get(kind.recordsKey),
            `${spath}.${kind.recordsKey}`,
            (robj, rpath) => kind.convert(robj, rpath, scopeIssues.first),
            kind.invalid,
          );
          return { scope, records };
        },
        lost,
      );
      return { resource: { attributes }, scopes };
    },
    (reason) => ({ resource: { attributes: {} }, scopes: [lost(reason)] }),
  );
}
