#!/usr/bin/env bash
# Splits the app's WASM in a release build (issue 13: a first visit loads the
# shell and the demand review only; the other steps' views load on first use).
#
# Trunk builds sop-app with the `split` feature (index.html), which in a release build
# makes the later steps' views Leptos `#[lazy]` functions (src/ui/lazy.rs) and links the
# binary with `--emit-relocs` (build.rs); Trunk's own wasm-opt is off for sop-app and its
# output is replaced here (without this script, a release dist/ does not start: the
# module imports the splitter's placeholders). This script:
#   1. splits rustc's module (target/wasm32-unknown-unknown/<profile>/sop-app.wasm) with
#      `wasm-split-cli` (crate wasm_split_cli_support, the splitter of Leptos's
#      wasm_split_helpers) into the main module, one module per lazy function and the
#      chunks they share, plus their loader `__wasm_split.js`;
#   2. runs wasm-bindgen on the main module (as Trunk does: --target web) under Trunk's
#      hashed name, and `wasm-opt -Oz` on it and on every split module;
#   3. names the loader and the split modules with the build's hash (cache-safe: the
#      service worker serves hashed files cache-first), writes them into dist/, rewrites
#      index.html's SRI hashes of the app's JS and WASM, and lists the split files in
#      dist/sw.js's precache (offline after the first load).
# `trunk build --release` runs it as its post-build hook (Trunk.toml) on the staging
# directory, before Trunk moves that to dist/. By hand (on a release dist/ built before):
#   tools/split.sh [cargo profile, default wasm-release] [dist dir, default dist]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for tool in wasm-split-cli wasm-bindgen wasm-opt; do
  command -v "$tool" >/dev/null || {
    echo "split: $tool not found on PATH: run \`. .ci/setup\` first (it installs wasm-split-cli, wasm-bindgen and binaryen's wasm-opt and puts them on PATH)" >&2
    exit 1
  }
done
# The same wasm-opt as Trunk's (Trunk.toml: binaryen 132 from npm; Debian's 108 breaks the page).
wasm-opt --version | grep -q 'version 132' || {
  echo "split: wasm-opt 132 expected, found $(wasm-opt --version): put tests/e2e/node_modules/.bin first on PATH (\`. .ci/setup\`)" >&2
  exit 1
}
profile="${1:-wasm-release}"
dist="${2:-dist}"
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
input="$target_dir/wasm32-unknown-unknown/$profile/sop-app.wasm"
[ -f "$input" ] || { echo "split: $input is missing (trunk build --release first)" >&2; exit 1; }
wasm_file=$(cd "$dist" && ls sop-app-*_bg.wasm)
[ "$(echo "$wasm_file" | wc -l)" = 1 ] || { echo "split: one sop-app-*_bg.wasm expected in $dist" >&2; exit 1; }
name="${wasm_file%_bg.wasm}"          # sop-app-<hash>
hash="${name#sop-app-}"
# Trunk's JS imports the splitter's placeholders; once split, the loader (a rerun
# splits rustc's module again and writes the same files).
if ! grep -q "__wasm_split_placeholder__\|__wasm_split-$hash\.js" "$dist/$name.js"; then
  echo "split: $dist/$name.js has no split points (built without the split feature?)" >&2; exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 1. Split rustc's module (it keeps its relocations: build.rs).
wasm-split-cli "$input" "$work/split" --out-name sop-app --target web 2> >(grep -v "unknown name subsection" >&2)
# Split: the previous run's split files of this build go (nothing in dist/ is touched
# before the split has worked).
rm -f "$dist"/*-"$hash".wasm "$dist/__wasm_split-$hash.js"
# 2. wasm-bindgen on the main module, as Trunk runs it (named `sop-app`, renamed after:
#    the WASM imports its JS as `./sop-app_bg.js`, a name without the hash), keeping the
#    function table exported (`--keep-lld-exports`): the split modules import it.
wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir "$work/bindgen" --out-name sop-app "$work/split/sop-app.wasm"
# WASM_NAMES=1 (a dev aid for CPU profiles): function names kept (`wasm-opt -g`).
opt() { wasm-opt -Oz ${WASM_NAMES:+-g} --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue "$1" -o "$2"; }
opt "$work/bindgen/sop-app_bg.wasm" "$work/${name}_bg.wasm"
# 3. Hashed names, into dist/.
loader="__wasm_split-$hash.js"
split_files=()
for f in "$work/split"/*.wasm; do
  base="$(basename "$f" .wasm)"
  [ "$base" = sop-app ] && continue
  opt "$f" "$dist/$base-$hash.wasm"
  sed -i "s#\"\./$base\.wasm\"#\"./$base-$hash.wasm\"#g" "$work/split/__wasm_split.js"
  split_files+=("./$base-$hash.wasm")
done
sed "s#from \"\./sop-app\.js\"#from \"./$name.js\"#" "$work/split/__wasm_split.js" > "$dist/$loader"
grep -q "from \"./$name.js\"" "$dist/$loader" || { echo "split: the loader does not import the app's JS" >&2; exit 1; }
split_files+=("./$loader")
sed "s#\(from ['\"]\)\./__wasm_split\.js\(['\"]\)#\1./$loader\2#g" "$work/bindgen/sop-app.js" > "$dist/$name.js"
grep -q "$loader" "$dist/$name.js" || { echo "split: the app's JS does not import the loader" >&2; exit 1; }
cp "$work/${name}_bg.wasm" "$dist/${name}_bg.wasm"
sri() { python3 -c 'import base64, hashlib, sys; print("sha384-" + base64.b64encode(hashlib.sha384(open(sys.argv[1], "rb").read()).digest()).decode())' "$1"; }
python3 - "$dist" "$name" "$(sri "$dist/$name.js")" "$(sri "$dist/${name}_bg.wasm")" "${split_files[@]}" <<'PY'
import re, sys
dist, name, js_sri, wasm_sri, *files = sys.argv[1:]
p = f"{dist}/index.html"
html = open(p).read()
def fix(html, file, sri):
    pat = re.compile(r'(href="\./' + re.escape(file) + r'"[^>]*integrity=")[^"]+(")')
    html, n = pat.subn(lambda m: m.group(1) + sri + m.group(2), html)
    if n != 1:
        sys.exit(f"split: no integrity of {file} in index.html")
    return html
html = fix(html, f"{name}.js", js_sri)
html = fix(html, f"{name}_bg.wasm", wasm_sri)
open(p, "w").write(html)
p = f"{dist}/sw.js"
sw = open(p).read()
listed = ", ".join(f"'{f}'" for f in files)
sw, n = re.subn(r"const SPLIT = \[[^\]]*\];", f"const SPLIT = [{listed}];", sw)
if n != 1:
    sys.exit("split: no `const SPLIT = [];` in sw.js")
open(p, "w").write(sw)
PY
for f in "$dist/${name}_bg.wasm" "${split_files[@]/#./$dist}"; do
  printf 'split: %9d B raw %9d B gzip -9  %s\n' "$(stat -c %s "$f")" "$(gzip -9 -c "$f" | wc -c)" "$(basename "$f")"
done
