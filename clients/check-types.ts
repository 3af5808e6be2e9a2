// Compiled with `tsc --strict` against the types openapi-typescript generates from the schema
// (tests/clients/test_typescript_types.py): what a TypeScript integrator relies on.
import type { components, operations, paths } from "./schema";

type Incident = components["schemas"]["Incident"];
type Obligation = Incident["obligations"][number];
type ErrorBody = components["schemas"]["Error"];

// Regime codes and statuses are enums, and an obligation embedded in an incident is typed.
const regime: components["schemas"]["RegimeEnum"] = "GDPR";
export function overdueRegimes(incident: Incident): Array<Obligation["regime"]> {
  return incident.obligations.filter((o) => o.status === "overdue").map((o) => o.regime);
}
export function firstDeadline(incident: Incident): string | null {
  return incident.obligations[0]?.due_at ?? null;
}

// A stale If-Match is a 412 with the error model.
type Conflict =
  operations["incidents_partial_update"]["responses"][412]["content"]["application/json"];
export const conflict: Conflict = { detail: "Stale", code: "precondition_failed" };
export const asError: ErrorBody = conflict;

// An incident is named by id or reference; the ETag is a declared header.
type IncidentPath = paths["/api/v1/incidents/{id}/"]["get"]["parameters"]["path"];
export const byReference: IncidentPath = { id: "BD-2026-0001" };
export const byId: IncidentPath = { id: 42 };
type ReadHeaders = operations["incidents_retrieve"]["responses"][200]["headers"];
export const etag: ReadHeaders["ETag"] = '"42-3"';

// The PDF download is one media type: binary.
type Pdf =
  operations["reports_download_retrieve"]["responses"][200]["content"]["application/pdf"];
export const pdf: Pdf = "%PDF-1.4";

export { regime };
