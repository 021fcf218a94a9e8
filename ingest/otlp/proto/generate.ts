// Regenerates otlp.json from the .proto files beside it:
//   npx tsx ingest/otlp/proto/generate.ts
// The runtime loads only the JSON, so no .proto parsing happens in the server.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";

const dir = path.dirname(fileURLToPath(import.meta.url));
const files = ["trace_service.proto", "metrics_service.proto", "logs_service.proto"].map((f) => path.join(dir, f));

// keepCase: decoded objects use the proto field names (trace_id), as on the wire spec.
const root = new protobuf.Root().loadSync(files, { keepCase: true });
root.resolveAll();

const out = path.join(dir, "otlp.json");
writeFileSync(out, JSON.stringify(root.toJSON(), null, 2) + "\n");
console.log(`wrote ${path.relative(process.cwd(), out)}`);
