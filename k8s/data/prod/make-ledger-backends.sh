#!/usr/bin/env bash
# Writes Secret ledger-backends (the shape of ledger-backends.template.yaml) from the password in
# ledger-pg-app, the secret CloudNativePG generates for the application user. Run it after the
# Cluster is ready and again after rotating that password; then restart the ledger roles.
#   k8s/data/prod/make-ledger-backends.sh [namespace]
set -euo pipefail
NS="${1:-$(kubectl config view --minify -o jsonpath='{..namespace}')}"
NS="${NS:-default}"
TEMPLATE="$(dirname "${BASH_SOURCE[0]}")/ledger-backends.template.yaml"

# ledger-pg-app's password, percent-encoded for a URL: nothing but [A-Za-z0-9_.~-] and %XX is left for sed
PASSWORD="$(kubectl -n "$NS" get secret ledger-pg-app -o jsonpath='{.data.password}' | base64 -d \
  | python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.stdin.read(), safe=""))')"

sed "s/PASSWORD/$PASSWORD/g" "$TEMPLATE" | kubectl -n "$NS" apply -f -
