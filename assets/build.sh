#!/usr/bin/env bash
# Builds portal/static/govuk/ from GOV.UK Frontend for `make assets`.
#
# Pinned (package.json, exact versions; package-lock.json locks the rest):
#   govuk-frontend 6.3.0  - matches govuk-frontend-jinja 4.1.0 in setup.cfg
#   sass           1.108.2 (dart-sass; needs Node >= 20.19)
#
# Output is committed, so `make run` needs no Node. Re-running gives the same
# files. Arial replaces GDS Transport (GOV.UK-only licence), so no fonts are
# shipped, and the crown/crest images are never copied (see src/).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../portal/static/govuk"
frontend="$here/node_modules/govuk-frontend"

cd "$here"
# --ignore-scripts: sass's optional file watcher wants to build native code;
# a one-off compile does not need it.
npm ci --ignore-scripts --no-audit --no-fund

version="$(node -p 'require("govuk-frontend/package.json").version')"
if [[ "$version" != "6.3.0" ]]; then
  echo "build.sh: expected govuk-frontend 6.3.0, got $version" >&2
  exit 1
fi

rm -rf "$out"
mkdir -p "$out"

npx --no-install sass --no-source-map --style=compressed \
  --load-path=node_modules \
  src/govuk-frontend.scss "$out/govuk-frontend.min.css"

# The ES module bundle (exports initAll, createAll and the components).
cp "$frontend/dist/govuk/govuk-frontend.min.js" \
   "$frontend/dist/govuk/govuk-frontend.min.js.map" "$out/"

cat > "$out/NOTICE.txt" <<EOF
Built by assets/build.sh from the npm package govuk-frontend $version
(MIT License, Copyright (c) Crown Copyright (Government Digital Service)),
compiled with Arial in place of GDS Transport and without GOV.UK crown images.
Do not edit: change assets/src/ and run assets/build.sh.
EOF

# Fail the build if the licensed typeface slipped in, or if the CSS points at
# a file we do not ship.
if grep -q "GDS Transport" "$out/govuk-frontend.min.css"; then
  echo "build.sh: GDS Transport found in compiled CSS" >&2
  exit 1
fi
static_root="$here/../portal/static"
missing=0
while IFS= read -r url; do
  case "$url" in
    /static/*) [[ -f "$static_root/${url#/static/}" ]] || { echo "build.sh: missing $url" >&2; missing=1; } ;;
    data:*) ;;
    *) echo "build.sh: unexpected url($url)" >&2; missing=1 ;;
  esac
done < <(grep -o 'url([^)]*)' "$out/govuk-frontend.min.css" | sed -E 's/^url\(["'\'']?//; s/["'\'']?\)$//' | sort -u)
exit "$missing"
