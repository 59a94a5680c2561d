# Shared set-up for tools/faultline and tools/test: install missing Debian
# packages, configure and build into build/. Sourced, not run.
FAULTLINE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# What building and running faultline needs (Boost: Asio and Beast, header-only, for the live server).
FAULTLINE_PACKAGES=(cmake ninja-build g++ ccache libyaml-cpp-dev libspdlog-dev libfmt-dev doctest-dev python3-yaml python3-jsonschema
                    libcli11-dev nlohmann-json3-dev libboost-dev)
# What only the browser tests of the live server need: tools/test installs these, tools/faultline never.
FAULTLINE_BROWSER_TEST_PACKAGES=(chromium chromium-driver python3-selenium tmux)

faultline_say() { echo "faultline: $*" >&2; }

# One line on stderr that rewrites itself on a terminal; elsewhere (CI logs) a
# new line only when the text before the first digit changes or every 10 %.
faultline_progress_line() {  # faultline_progress_line PERCENT TEXT
  if [ -t 2 ]; then
    printf '\rfaultline: %s\033[K' "$2" >&2
  elif [ $(($1 / 10)) -ne "${_faultline_last_decile:--1}" ]; then
    _faultline_last_decile=$(($1 / 10))
    faultline_say "$2"
  fi
}
faultline_progress_done() { [ -t 2 ] && printf '\r\033[K' >&2; _faultline_last_decile=-1; return 0; }

# Reads apt-get's status lines (APT::Status-Fd) on stdin: one updating line; the rest goes to $1.
faultline_apt_progress() {
  local log=$1 line kind pct text
  while IFS= read -r line; do
    case $line in
      dlstatus:* | pmstatus:*)
        IFS=: read -r kind _ pct text <<<"$line"
        pct=${pct%%.*}
        [ "$kind" = dlstatus ] && text="downloading: $text"
        faultline_progress_line "${pct:-0}" "installing packages ${pct:-0}% ($text)" ;;
      *) printf '%s\n' "$line" >>"$log" ;;
    esac
  done
  faultline_progress_done
}

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
  local log=/tmp/faultline-apt.log start=$SECONDS rc=0
  : >"$log"
  faultline_progress_line 0 "installing packages: apt-get update"
  { $sudo apt-get update -qq >>"$log" 2>&1 &&
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq -o APT::Status-Fd=1 "${missing[@]}" 2>>"$log" ||
      echo "apt-get-failed" ; } | faultline_apt_progress "$log"
  if grep -q '^apt-get-failed$' "$log"; then
    faultline_say "apt-get failed (log: $log); try: sudo apt-get install -y ${missing[*]}"
    grep -v '^apt-get-failed$' "$log" | tail -5 >&2
    exit 2
  fi
  faultline_say "installed ${#missing[@]} packages in $((SECONDS - start)) s"
}

# Reads ninja's output on stdin, keeps it in $1, shows its [n/m] and the time
# on one line (refreshed every second: a long link step is not a frozen line).
faultline_build_progress() {
  local log=$1 line buf="" rc shown="" pct=0
  while :; do
    if IFS= read -r -t 1 line; then
      line=$buf$line buf=""
      printf '%s\n' "$line" >>"$log"
      if [[ $line =~ ^\[([0-9]+)/([0-9]+)\] ]]; then
        shown="${BASH_REMATCH[1]}/${BASH_REMATCH[2]}" pct=$((100 * BASH_REMATCH[1] / BASH_REMATCH[2]))
      else
        continue
      fi
    else
      rc=$?
      if [ $rc -le 128 ]; then  # end of input, maybe an unterminated last line
        [ -n "$buf$line" ] && printf '%s\n' "$buf$line" >>"$log"
        break
      fi
      buf+=$line
      [ -n "$shown" ] || continue
    fi
    faultline_progress_line "$pct" "building $shown ($((SECONDS - _faultline_build_start)) s)"
  done
  faultline_progress_done
}

# Where faultline_build builds, and how it configures a new build directory.
FAULTLINE_BUILD_DIR=${FAULTLINE_BUILD_DIR:-build}
FAULTLINE_CMAKE_ARGS=(-DCMAKE_BUILD_TYPE=Release)

# faultline_build [TARGET...]: configure once, then build; a build with work to
# do shows its progress and how long it took, one with nothing to do is silent.
faultline_build() {
  local build="$FAULTLINE_ROOT/$FAULTLINE_BUILD_DIR" log
  if [ ! -f "$build/build.ninja" ]; then
    faultline_say "configuring $FAULTLINE_BUILD_DIR/"
    if ! log=$(cmake -S "$FAULTLINE_ROOT" -B "$build" -G Ninja "${FAULTLINE_CMAKE_ARGS[@]}" 2>&1); then
      echo "$log" >&2
      exit 2
    fi
  fi
  local args=() t
  for t in "$@"; do args+=(--target "$t"); done
  log=$(mktemp)
  _faultline_build_start=$SECONDS
  { cmake --build "$build" "${args[@]}" 2>&1 || echo "build-failed: $?"; } | faultline_build_progress "$log"
  if grep -q '^build-failed: ' "$log"; then
    grep -v '^\[' "$log" | grep -v '^build-failed: ' >&2
    faultline_say "build failed"
    rm -f "$log"
    exit 2
  fi
  if grep -q '^\[[0-9]*/[0-9]*\]' "$log"; then
    faultline_say "built ${*:-everything} in $((SECONDS - _faultline_build_start)) s"
  fi
  rm -f "$log"
}
