// Offline schema validation of the Kubernetes manifests: every document of
// every file given is checked against the Kubernetes OpenAPI schemas that
// the npm package kubernetes-models bundles (validated with Ajv; unknown
// fields, wrong types and missing required fields fail). No cluster and no
// network are needed.
//   node k8s/validate/validate.mjs k8s/*.yaml
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

let failures = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  const docs = yaml.loadAll(readFileSync(file, "utf8")).filter((d) => d);
  for (const doc of docs) {
    const where = `${file}: ${doc.kind} ${doc.metadata?.name ?? "?"}`;
    const [group, version] = doc.apiVersion.includes("/")
      ? doc.apiVersion.split("/")
      : ["", doc.apiVersion];
    const path = group
      ? `kubernetes-models/${group}/${version}/${doc.kind}`
      : `kubernetes-models/${version}/${doc.kind}`;
    let model;
    try {
      model = (await import(path))[doc.kind];
    } catch (error) {
      console.error(`FAIL ${where}: no schema for ${doc.apiVersion} ${doc.kind}`);
      failures++;
      continue;
    }
    try {
      new model(doc).validate();
      checked++;
      console.log(`ok   ${where}`);
    } catch (error) {
      console.error(`FAIL ${where}: ${error.message}`);
      failures++;
    }
  }
}
console.log(`${checked} documents valid, ${failures} invalid`);
process.exit(failures === 0 && checked > 0 ? 0 : 1);
