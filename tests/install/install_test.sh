#!/usr/bin/env bash
# What a user installs works: `cmake --install --prefix`, and the .tar.gz and
# .deb that CPack makes, each unpacked into a temporary directory. In each, the
# installed binary validates and runs an installed scenario, and the installed
# schema is the one `faultline schema` prints.
#   install_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

check_tree() {  # check_tree ROOT LABEL: ROOT holds bin/ and share/
  local root=$1 label=$2 bin=$1/bin/faultline share=$1/share/faultline problems=()
  if [ ! -x "$bin" ]; then
    problems+=("no executable bin/faultline")
  else
    [ -f "$share/scenario.schema.json" ] || problems+=("no share/faultline/scenario.schema.json")
    "$bin" schema | cmp -s - "$share/scenario.schema.json" || problems+=("the installed schema differs from \`faultline schema\`")
    local n=0 f
    for f in "$share"/scenarios/*.yaml; do
      [ -f "$f" ] || continue
      n=$((n + 1))
      grep -q '^# yaml-language-server: \$schema=../scenario.schema.json$' "$f" ||
        problems+=("$(basename "$f"): its \$schema line does not point at ../scenario.schema.json")
    done
    [ "$n" -gt 0 ] || problems+=("no scenarios in share/faultline/scenarios")
    local scenario=$share/scenarios/timeout-orphans.yaml
    "$bin" validate "$scenario" >/dev/null 2>"$tmp/err" || problems+=("validate failed: $(cat "$tmp/err")")
    if "$bin" run "$scenario" --format json -q >"$tmp/out.json" 2>"$tmp/err"; then
      python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["clients"] and not d["partial"]' "$tmp/out.json" ||
        problems+=("run printed no complete JSON summary")
    else
      problems+=("run failed: $(cat "$tmp/err")")
    fi
    [ -f "$root/share/doc/faultline/README.md" ] || problems+=("no share/doc/faultline/README.md")
  fi
  if [ ${#problems[@]} -eq 0 ]; then
    echo "$label: ok ($n scenarios)"
  else
    failed=1
    echo "$label: FAILED"
    printf '  %s\n' "${problems[@]}"
  fi
}

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log"
check_tree "$tmp/prefix" "cmake --install --prefix"

if ! cpack --config "$build/CPackConfig.cmake" -B "$tmp/pkg" -G "TGZ;DEB" >"$tmp/cpack.log" 2>&1; then
  cat "$tmp/cpack.log"
  echo "cpack failed"
  exit 1
fi
mkdir "$tmp/tgz"
tar -xzf "$tmp"/pkg/faultline-*.tar.gz -C "$tmp/tgz"
check_tree "$(echo "$tmp"/tgz/faultline-*)" "$(basename "$tmp"/pkg/faultline-*.tar.gz)"
deb=$(echo "$tmp"/pkg/faultline_*.deb)
dpkg-deb -x "$deb" "$tmp/deb"
check_tree "$tmp/deb/usr" "$(basename "$deb")"
depends=$(dpkg-deb -f "$deb" Depends)
echo "  Depends: $depends"
for lib in libyaml-cpp libspdlog libfmt; do
  case $depends in *"$lib"*) ;; *) failed=1; echo "  the .deb does not depend on $lib" ;; esac
done
exit $failed
