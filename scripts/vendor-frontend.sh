#!/usr/bin/env bash
# Re-fetches the vendored front-end assets from the npm registry (run by hand when upgrading).
set -euo pipefail
DS_VERSION="${DS_VERSION:-1.22.0}"
HTMX_VERSION="${HTMX_VERSION:-2.0.11}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/src/nyinorge/core/static/vendor"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "@digdir/designsystemet-css@$DS_VERSION" "htmx.org@$HTMX_VERSION" >/dev/null
mkdir ds htmx
tar -xzf digdir-designsystemet-css-*.tgz -C ds
tar -xzf htmx.org-*.tgz -C htmx
cp ds/package/dist/src/index.css "$dest/designsystemet/designsystemet.css"
cp ds/package/dist/theme/designsystemet.css "$dest/designsystemet/theme.css"
cp ds/package/LICENSE "$dest/designsystemet/LICENSE"
cp htmx/package/dist/htmx.min.js "$dest/htmx/htmx.min.js"
cp htmx/package/LICENSE "$dest/htmx/LICENSE"
echo "vendored @digdir/designsystemet-css@$DS_VERSION and htmx.org@$HTMX_VERSION; update vendor/README.md"
