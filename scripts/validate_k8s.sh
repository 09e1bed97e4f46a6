#!/usr/bin/env bash
# Validates k8s/*.yaml offline against the Kubernetes OpenAPI schemas
# bundled in the npm package kubernetes-models (Ajv validators: types,
# required fields, enums, formats), installed from the npm registry at the
# versions in k8s/validate/package-lock.json. The flags the manifests pass
# are checked against the binaries by tests/common/binaries_test.cc.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d k8s/validate/node_modules/kubernetes-models ]; then
  (cd k8s/validate && npm ci --no-audit --no-fund --loglevel=error)
fi
node k8s/validate/validate.mjs k8s/*.yaml
