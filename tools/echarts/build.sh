#!/usr/bin/env bash
# Builds public/echarts.min.js: ECharts 5.6.0 trimmed to what the app draws (entry.js),
# as a classic script that sets window.echarts. Needs npm (registry access) once.
#   tools/echarts/build.sh
# A chart type or component the app starts to use must be added to entry.js, or its
# option is ignored by ECharts (the e2e tests read the drawn charts back).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts echarts@5.6.0 esbuild@0.24.2 >/dev/null
cp "$here/entry.js" .
{
  echo '/* ECharts 5.6.0 (Apache-2.0, https://echarts.apache.org), trimmed: tools/echarts/entry.js */'
  node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --global-name=echarts \
    --target=es2018 --legal-comments=eof
} > "$here/../../public/echarts.min.js"
wc -c "$here/../../public/echarts.min.js"
