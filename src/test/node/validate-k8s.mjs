// Validates Kubernetes objects against the API's OpenAPI schemas, with npm's kubernetes-models (generated from
// the Kubernetes OpenAPI specification): node validate-k8s.mjs OBJECTS.json (a JSON array of manifests).
// Prints one line per object; exits 1 if any is invalid or of a kind the package does not know.
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
let failed = 0;
for (const o of objects) {
  const name = `${o.apiVersion} ${o.kind} ${o.metadata?.name}`;
  try {
    const models = await import(`kubernetes-models/${o.apiVersion}`);
    const Kind = models[o.kind];
    if (!Kind) throw new Error(`no model for kind ${o.kind}`);
    new Kind(o).validate();
    console.log(`valid ${name}`);
  } catch (e) {
    failed++;
    console.log(`INVALID ${name}: ${e.message}`);
  }
}
process.exit(failed ? 1 : 0);
