# Shared set-up for tools/faultline and tools/test: install missing Debian
# packages, configure and build into build/. Sourced, not run.
FAULTLINE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FAULTLINE_PACKAGES=(cmake ninja-build g++ ccache libyaml-cpp-dev libspdlog-dev libfmt-dev doctest-dev python3-yaml python3-jsonschema
                    libcli11-dev nlohmann-json3-dev libboost-dev)

faultline_say() { echo "faultline: $*" >&2; }

faultline_install_packages() {
  local missing=() p
  for p in "${FAULTLINE_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  faultline_say "installing ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo -n"
    else
      faultline_say "missing Debian packages; install them with:"
      echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
      exit 2
    fi
  fi
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"; } >/tmp/faultline-apt.log 2>&1; then
    faultline_say "apt-get failed (log: /tmp/faultline-apt.log); try: sudo apt-get install -y ${missing[*]}"
    tail -5 /tmp/faultline-apt.log >&2
    exit 2
  fi
}

# faultline_build [TARGET...]: configure once, then build quietly (output shown on failure).
faultline_build() {
  local build="$FAULTLINE_ROOT/build" log
  if [ ! -f "$build/build.ninja" ]; then
    faultline_say "configuring build/"
    if ! log=$(cmake -S "$FAULTLINE_ROOT" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release 2>&1); then
      echo "$log" >&2
      exit 2
    fi
  fi
  local args=()
  for t in "$@"; do args+=(--target "$t"); done
  if ! log=$(cmake --build "$build" "${args[@]}" 2>&1); then
    echo "$log" | grep -v '^\[' >&2
    faultline_say "build failed"
    exit 2
  fi
}
