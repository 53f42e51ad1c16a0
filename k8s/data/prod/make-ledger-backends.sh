#!/usr/bin/env bash
# Writes Secret ledger-backends (the shape of ledger-backends.template.yaml) from the password in
# ledger-pg-app, the secret CloudNativePG generates for the application user. Run it after the
# Cluster is ready and again after rotating that password; then restart the ledger roles.
#   k8s/data/prod/make-ledger-backends.sh [namespace]
set -euo pipefail
NS="${1:-$(kubectl config view --minify -o jsonpath='{..namespace}')}"
NS="${NS:-default}"
TEMPLATE="$(dirname "${BASH_SOURCE[0]}")/ledger-backends.template.yaml"

# Percent-encodes every byte but [A-Za-z0-9._~-], so the password is safe in a URL and for sed.
urlencode() {
  local LC_ALL=C text="$1" out="" c hex i
  for ((i = 0; i < ${#text}; i++)); do
    c="${text:i:1}"
    case "$c" in
      [A-Za-z0-9._~-]) out+="$c" ;;
      *) printf -v hex '%%%02X' "'$c"; out+="$hex" ;;
    esac
  done
  printf '%s' "$out"
}

PASSWORD="$(urlencode "$(kubectl -n "$NS" get secret ledger-pg-app -o jsonpath='{.data.password}' | base64 -d)")"
sed "s/PASSWORD/$PASSWORD/g" "$TEMPLATE" | kubectl -n "$NS" apply -f -
