#!/usr/bin/env bash
# Fuzzes the bytes-to-plan entry point (shinchoku_import::read_bytes, then the evaluation) for a
# bounded time, after replaying every input the fuzzer ever crashed on.
#
#   fuzz/run.sh                  install cargo-fuzz if missing, build, replay, fuzz
#   fuzz/run.sh replay           install, build, replay only
#   fuzz/run.sh keep ARTIFACT NAME
#                                minimise ARTIFACT (cargo fuzz tmin) and keep it as NAME: in
#                                crates/import/tests/fuzz-regressions/ when it reads now (to
#                                stay so), in fuzz/open/read_bytes/ while it still fails
#
# Environment:
#   FUZZ_SECONDS     how long to fuzz (60)
#   FUZZ_RSS_MB      libFuzzer -rss_limit_mb: a process above it is an oom (2048)
#   FUZZ_MALLOC_MB   libFuzzer -malloc_limit_mb: one allocation above it is an oom (1024)
#   FUZZ_TIMEOUT     libFuzzer -timeout: an input taking longer, in seconds, is a timeout (10)
#   FUZZ_FAIL_ON     any: a new crash, leak, oom or timeout fails the run; crash: only a new
#                    crash (a panic that escapes, a memory error) or leak fails it (any)
#   FUZZ_TARGET_DIR  where the fuzz build goes ($HOME/.cache/shinchoku/target-fuzz, outside the
#                    clone so that CI keeps it between runs)
#   FUZZ_CORPUS      the working corpus, which grows as the fuzzer finds inputs
#                    (fuzz/corpus/read_bytes; ignored by git)
#
# A crash is a panic that escapes the program or a memory error found by AddressSanitizer; a
# panic that shinchoku catches (a workbook library's, turned into an error) is not (see
# fuzz/src/panics.rs). The fuzzing goes on after a finding (-fork=1); each artifact is replayed
# to learn what failed where, and one failing at the place an open finding (fuzz/open/) fails
# at is known. Exits 1 when a regression input fails again or the fuzzing found something new.
set -euo pipefail

CARGO_FUZZ_VERSION=0.13.2
TARGET=read_bytes

fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$fuzz_dir")"
regressions="$repo/crates/import/tests/fuzz-regressions"
open_findings="$fuzz_dir/open/$TARGET"
seeds="$fuzz_dir/seeds/$TARGET"
dict="$fuzz_dir/$TARGET.dict"
corpus="${FUZZ_CORPUS:-$fuzz_dir/corpus/$TARGET}"
target_dir="${FUZZ_TARGET_DIR:-$HOME/.cache/shinchoku/target-fuzz}"
seconds="${FUZZ_SECONDS:-60}"
rss_mb="${FUZZ_RSS_MB:-2048}"
malloc_mb="${FUZZ_MALLOC_MB:-1024}"
timeout_s="${FUZZ_TIMEOUT:-10}"
fail_on="${FUZZ_FAIL_ON:-any}"

case "$fail_on" in
  crash | any) ;;
  *) echo "fuzz: FUZZ_FAIL_ON is crash or any, not '$fail_on'" >&2; exit 2 ;;
esac

# cargo-fuzz passes nightly-only flags (-Zsanitizer=address, -Cpasses=sancov-module …); the
# stable toolchain accepts them with RUSTC_BOOTSTRAP=1 and ships the AddressSanitizer runtime.
export RUSTC_BOOTSTRAP=1
# the build goes to --target-dir; a CARGO_TARGET_DIR from the caller (CI's) would mix the
# instrumented build into the ordinary one
unset CARGO_TARGET_DIR

started=$SECONDS
step() {
  echo "== fuzz: $* (at $((SECONDS - started)) s)"
}

install() {
  if cargo fuzz --version 2>/dev/null | grep -qF "$CARGO_FUZZ_VERSION"; then
    return
  fi
  step "installing cargo-fuzz $CARGO_FUZZ_VERSION"
  local t=$SECONDS
  cargo install --locked "cargo-fuzz@$CARGO_FUZZ_VERSION"
  echo "cargo-fuzz installed in $((SECONDS - t)) s"
}

binary=""
build() {
  # -O: the libraries without debug assertions, as the shipped binary has them; fuzz/Cargo.toml
  # turns debug assertions and overflow checks on in shinchoku's own crates
  step "building the $TARGET target (AddressSanitizer; debug assertions in shinchoku's crates)"
  local t=$SECONDS
  (cd "$fuzz_dir" && cargo fuzz build -O --target-dir "$target_dir" "$TARGET")
  echo "built in $((SECONDS - t)) s"
  local host
  host="$(rustc -vV | sed -n 's/^host: //p')"
  binary="$target_dir/$host/release/$TARGET"
  [ -x "$binary" ] || { echo "fuzz: the build left no $binary" >&2; exit 1; }
}

limits=(-rss_limit_mb="$rss_mb" -malloc_limit_mb="$malloc_mb" -timeout="$timeout_s")

# The inputs kept in a directory (hidden files such as .gitkeep are not inputs).
inputs_in() {
  [ -d "$1" ] || return 0
  find "$1" -maxdepth 1 -type f ! -name '.*' | sort
}

# How one input fares: "reads", or what failed and where ("oom calamine-0.38.0/src/cfb.rs:340",
# "panic calamine-0.38.0/src/cfb.rs:320:41"), with libFuzzer's report left in the file $2.
# The panic hook's strict mode is the caller's (SHINCHOKU_FUZZ_STRICT_PANICS).
verdict() {
  local input="$1" log="$2" status=0 kind where
  "$binary" "${limits[@]}" "$input" >"$log" 2>&1 || status=$?
  if [ "$status" -eq 0 ]; then
    echo reads
    return
  fi
  if grep -q 'ERROR: libFuzzer: out-of-memory' "$log"; then
    kind=oom
  elif grep -q 'ERROR: libFuzzer: timeout' "$log"; then
    kind=timeout
  elif grep -q 'panicked at ' "$log"; then
    kind=panic
  elif grep -q 'ERROR: AddressSanitizer: ' "$log"; then
    kind="asan-$(sed -n 's/^SUMMARY: AddressSanitizer: \([^ ]*\).*/\1/p' "$log" | head -n 1)"
  else
    kind=crash
  fi
  # the place: the panic's, else the first frame in a crate's source (ours or a library's)
  where=$(sed -n 's/.*panicked at \([^ ]*\):$/\1/p' "$log" | head -n 1)
  if [ -z "$where" ]; then
    where=$(grep -E '^ +#[0-9]+ ' "$log" | grep -E '/(\.cargo/registry/src/[^/]+|work/[^ ]*/crates)/' |
      grep -v 'libfuzzer-sys' | head -n 1 | sed -E 's/.* ([^ ]+:[0-9]+):[0-9]+$/\1/; s/.* ([^ ]+:[0-9]+)$/\1/') || true
  fi
  where=$(echo "$where" | sed -E 's|.*/registry/src/[^/]+/||; s|.*/(crates/)|\1|')
  echo "$kind ${where:-?}"
}

# the place each open finding fails at, to its name: fuzzing that fails there is not news
declare -A known_open=()

replay() {
  local files
  mapfile -t files < <(inputs_in "$regressions")
  step "replaying ${#files[@]} regression inputs from ${regressions#"$repo"/}"
  local failed=0 f v log
  log="$(mktemp)"
  for f in "${files[@]}"; do
    v=$(SHINCHOKU_FUZZ_STRICT_PANICS= verdict "$f" "$log")
    echo "   $v: $(basename "$f")"
    if [ "$v" != reads ]; then
      grep -vE '^(INFO: |MS: |base unit: |0x|\\x)' "$log" | head -n 80
      failed=$((failed + 1))
    fi
  done
  # what is known to fail and not fixed yet: reported, not failing the run (fuzzing that
  # finds it again does fail it)
  mapfile -t files < <(inputs_in "$open_findings")
  if [ "${#files[@]}" -gt 0 ]; then
    step "replaying ${#files[@]} open findings from ${open_findings#"$repo"/} (known, not fixed)"
    for f in "${files[@]}"; do
      v=$(SHINCHOKU_FUZZ_STRICT_PANICS= verdict "$f" "$log")
      [ "$v" = reads ] || known_open[${v#* }]="$(basename "$f")"
      if [ "$v" = reads ]; then
        echo "   reads now: $(basename "$f") (fixed? git mv it to ${regressions#"$repo"/}/)"
      else
        echo "   still $v: $(basename "$f")"
      fi
    done
  fi
  rm -f "$log"
  if [ "$failed" -gt 0 ]; then
    echo "fuzz: $failed regression inputs fail again (above)" >&2
    exit 1
  fi
}

fuzz() {
  local run_artifacts log
  run_artifacts="$fuzz_dir/artifacts/$TARGET/$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$corpus" "$run_artifacts"
  log="$run_artifacts/fuzz.log"
  step "fuzzing for $seconds s (corpus ${corpus#"$repo"/}, seeds ${seeds#"$repo"/}; limits: rss ${rss_mb} MB, malloc ${malloc_mb} MB, ${timeout_s} s an input)"
  # -fork=1: the inputs run in a child process that is restarted after a crash, an oom or a
  # timeout, so that the run goes on for its whole time and a known finding found again does
  # not hide a new one behind it
  local status=0 began=$SECONDS
  "$binary" "${limits[@]}" -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
    -max_total_time="$seconds" -max_len=32768 -dict="$dict" \
    -artifact_prefix="$run_artifacts/" "$corpus" "$seeds" >"$log" 2>&1 || status=$?
  local took=$((SECONDS - began))

  # the parent's last progress line: "#N: cov: … exec/s: R oom/timeout/crash: … time: …"
  local last execs rate
  last=$(grep -E '^#[0-9]+: ' "$log" | tail -n 1 || true)
  execs=$(echo "$last" | sed -nE 's/^#([0-9]+):.*/\1/p')
  rate=$(echo "$last" | sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p')
  echo "== fuzz: summary of $TARGET"
  echo "   fuzzed for ${took} s (${seconds} s asked); the whole script: $((SECONDS - started)) s"
  echo "   inputs executed: ${execs:-?} (${rate:-?} a second); corpus: $(find "$corpus" -type f | wc -l) inputs"
  echo "   libFuzzer: ${last:-no progress line} (exit status $status)"

  # each artifact by what failed and where; a place an open finding fails at is known
  local -A count=() example=()
  local a v work
  work="$(mktemp)"
  for a in "$run_artifacts"/crash-* "$run_artifacts"/leak-* "$run_artifacts"/oom-* "$run_artifacts"/timeout-*; do
    [ -e "$a" ] || continue
    v=$(SHINCHOKU_FUZZ_STRICT_PANICS= verdict "$a" "$work")
    [ "$v" = reads ] && v="$(basename "$a" | cut -d- -f1) (did not fail again when replayed)"
    count[$v]=$((${count[$v]:-0} + 1))
    example[$v]="$a"
  done
  rm -f "$work"
  local new=0 fails known
  for v in "${!count[@]}"; do
    known=""
    [ "${v#* }" = "?" ] || known="${known_open[${v#* }]:-}"
    fails=no
    if [ -z "$known" ]; then
      case "$fail_on:$v" in
        any:* | crash:crash* | crash:panic* | crash:asan* | crash:leak*) fails=yes ;;
      esac
    fi
    if [ -n "$known" ]; then
      echo "   found ${count[$v]}x: $v: known, where fuzz/open/$TARGET/$known fails"
    elif [ "$fails" = yes ]; then
      new=$((new + 1))
      echo "   found ${count[$v]}x: $v: NEW; keep it: fuzz/run.sh keep ${example[$v]#"$repo"/} <what-it-is>"
    else
      echo "   found ${count[$v]}x: $v: new, not failing the run (FUZZ_FAIL_ON=$fail_on); ${example[$v]#"$repo"/}"
    fi
  done
  echo "   the artifacts and the full log: ${run_artifacts#"$repo"/}"
  if [ "${#count[@]}" -eq 0 ] && [ "$status" -ne 0 ]; then
    echo "fuzz: libFuzzer exited with $status and left no artifact; see the log" >&2
    exit 1
  fi
  if [ "$new" -gt 0 ]; then
    echo "fuzz: $new new kinds of failure found (above)" >&2
    exit 1
  fi
}

keep() {
  local artifact="$1" name="$2"
  case "$name" in
    */* | .*) echo "fuzz: the name is a plain file name, not '$name'" >&2; exit 2 ;;
  esac
  [ -f "$artifact" ] || { echo "fuzz: no file $artifact" >&2; exit 2; }
  artifact="$(cd "$(dirname "$artifact")" && pwd)/$(basename "$artifact")"
  local t=$SECONDS work
  work="$(mktemp -d)"
  cp "$artifact" "$work/input"
  # tmin makes the input smaller while it still fails, in any way: check that the result fails
  # as the artifact did. A timeout is kept as it is (each try would take the whole timeout).
  if [[ "$(basename "$artifact")" != timeout-* ]]; then
    step "minimising $artifact"
    (cd "$fuzz_dir" && cargo fuzz tmin -O --target-dir "$target_dir" -r 2000 "$TARGET" \
      "$artifact" -- "${limits[@]}" -exact_artifact_path="$work/minimised") 2>&1 |
      grep -E '^CRASH_MIN: (failed|minimizing)' || true
  fi
  local kept="$work/input"
  if [ -f "$work/minimised" ]; then
    # under the caller's strict mode, as the artifact was found
    local before after
    before=$(verdict "$work/input" "$work/log")
    after=$(verdict "$work/minimised" "$work/log")
    if [ "$before" = "$after" ]; then
      kept="$work/minimised"
    else
      echo "the minimised input fails otherwise ($after, not $before): keeping the artifact whole"
    fi
  fi
  # without strict mode: does the program survive it now?
  local into="$open_findings"
  if [ "$(SHINCHOKU_FUZZ_STRICT_PANICS= verdict "$kept" "$work/log")" = reads ]; then
    into="$regressions"
  fi
  mkdir -p "$into"
  cp "$kept" "$into/$name"
  rm -rf "$work"
  echo "kept $(wc -c <"$into/$name") bytes as ${into#"$repo"/}/$name ($((SECONDS - t)) s)"
}

case "${1:-run}" in
  run) install; build; replay; fuzz ;;
  replay) install; build; replay ;;
  keep)
    [ $# -eq 3 ] || { echo "usage: fuzz/run.sh keep ARTIFACT NAME" >&2; exit 2; }
    install; build; keep "$2" "$3" ;;
  *) echo "usage: fuzz/run.sh [run | replay | keep ARTIFACT NAME]" >&2; exit 2 ;;
esac
