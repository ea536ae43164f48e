#!/usr/bin/env bash
# shinchoku against its peers, timed as whole processes in one run (see ../shared/perf-peers.md).
#
#   benches/peers.sh [--runs N] [--quick]      benches/peers.sh --help
#
# 1. a Python venv with pinned pandas, openpyxl, xlsxwriter, python-calamine, polars, fastexcel
#    under $SHINCHOKU_BENCH_CACHE (default ~/.cache/shinchoku/bench)/venv, reused when it has them;
# 2. the data of ../shared/bench/gen.py under …/data (…/data-quick with --quick), made only when
#    missing or of another size;
# 3. cargo build --release -p shinchoku (binary in ${CARGO_TARGET_DIR:-<repo>/target}/release);
# 4. N interleaved rounds (default 7) of `shinchoku read FILE --csv` and the peer_ops.py peers on
#    long50k.xlsx, long50k_utf8.csv and long50k_cp932.csv; medians, mins, rows/s, peak RSS
#    (/usr/bin/time %M) and peer/ours ratios from the same run, by benches/peers_report.py.
# If shinchoku fails to build or to run, its rows say "ours: failed (…)" and the peers still run.
# Network: only pip, only when the venv lacks the pinned versions.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: benches/peers.sh [--runs N] [--quick] [--help]

Times `shinchoku read FILE --csv` against pandas+openpyxl, pandas+calamine, polars/fastexcel,
python-calamine, pandas.read_csv and polars.read_csv, whole processes, interleaved, in one run.

  --runs N   timed runs per tool and file (default 7; --quick: 3); medians and mins reported
  --quick    smoke test: 5,000-row data in a separate data dir, 3 runs
  --help     this text

Environment:
  SHINCHOKU_BENCH_CACHE   venv, data and results (default ~/.cache/shinchoku/bench)
  CARGO_TARGET_DIR        where cargo puts the binary (default <repo>/target)
  SHINCHOKU_SHARED        the shared dir with bench/gen.py and bench/peer_ops.py (default <repo>/../shared)
  SHINCHOKU_BENCH_PYTHON  the python that creates the venv (default python3; needs 3.11+)
EOF
}

die() { echo "peers.sh: $*" >&2; exit 1; }

RUNS=7
RUNS_SET=0
QUICK=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs)
      [ $# -ge 2 ] || die "--runs needs a number"
      RUNS=$2; RUNS_SET=1; shift 2 ;;
    --runs=*) RUNS=${1#--runs=}; RUNS_SET=1; shift ;;
    --quick) QUICK=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive whole number, not '$RUNS'"
if [ "$QUICK" = 1 ] && [ "$RUNS_SET" = 0 ]; then RUNS=3; fi

# --------------------------------------------------------------------------- where things are
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=${SHINCHOKU_SHARED:-$ROOT/../shared}
GEN=$SHARED/bench/gen.py
PEER_OPS=$SHARED/bench/peer_ops.py
REPORT=$HERE/peers_report.py
BASE_PYTHON=${SHINCHOKU_BENCH_PYTHON:-python3}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
case "$TARGET" in /*) ;; *) TARGET=$ROOT/$TARGET ;; esac   # cargo runs from $ROOT below
BIN=$TARGET/release/shinchoku
for f in "$GEN" "$PEER_OPS" "$REPORT"; do [ -f "$f" ] || die "missing $f"; done

CACHE=${SHINCHOKU_BENCH_CACHE:-$HOME/.cache/shinchoku/bench}
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
VENV=$CACHE/venv
PY=$VENV/bin/python
if [ "$QUICK" = 1 ]; then
  DATA=$CACHE/data-quick ROWS=5000 MUNIS=20      # national.csv is not used here: keep it small
else
  DATA=$CACHE/data ROWS=50000 MUNIS=1741
fi
NATIONAL_ROWS=$((MUNIS * 60 * 10 * 2))

# One benchmark at a time: a second one would share the venv and data and, worse, the CPU.
exec 9>"$CACHE/.lock"
if ! flock -n 9; then
  echo "peers.sh: another peers.sh holds $CACHE/.lock; waiting…" >&2
  flock 9
fi

STAMP=$(date +%Y%m%d-%H%M%S)
OUT=$CACHE/results/$STAMP$([ "$QUICK" = 1 ] && echo -quick || true)
mkdir -p "$OUT"

echo "== peers.sh ($([ "$QUICK" = 1 ] && echo "quick, " || true)$RUNS runs)"
echo "   repo     $ROOT"
echo "   venv     $VENV"
echo "   data     $DATA"
echo "   binary   $BIN"
echo "   results  $OUT"

# --------------------------------------------------------------------------- 1. venv
PINS=(
  pandas==3.1.1
  openpyxl==3.1.5
  xlsxwriter==3.3.1
  python-calamine==0.9.1
  polars==2.1.0
  fastexcel==0.21.0
)

# Prints what differs from the pins; fails if anything does.
venv_check() {
  [ -x "$PY" ] || { echo "no venv"; return 1; }
  "$PY" - "${PINS[@]}" <<'PYEOF'
import sys
import importlib.metadata as md
bad = []
for pin in sys.argv[1:]:
    name, want = pin.split("==")
    try:
        have = md.version(name)
    except md.PackageNotFoundError:
        have = None
    if have != want:
        bad.append(f"{name} {have or 'missing'} (pinned {want})")
if bad:
    print("; ".join(bad))
    sys.exit(1)
PYEOF
}

echo "== 1. venv"
if why=$(venv_check 2>&1); then
  echo "   reusing $VENV (pins present)"
else
  echo "   setting up $VENV: $why"
  if ! { [ -x "$PY" ] && "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }; then
    command -v "$BASE_PYTHON" >/dev/null || die "$BASE_PYTHON not found"
    "$BASE_PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
      || die "$BASE_PYTHON is $("$BASE_PYTHON" -V 2>&1); the pinned pandas needs Python 3.11+"
    rm -rf -- "${VENV:?}"
    "$BASE_PYTHON" -m venv "$VENV"
  fi
  "$PY" -m pip install --disable-pip-version-check --no-input -q "${PINS[@]}" \
    || die "pip install of the pinned peers failed"
  why=$(venv_check 2>&1) || die "venv still differs from the pins after pip install: $why"
  echo "   installed: ${PINS[*]}"
fi
"$PY" -m pip freeze --disable-pip-version-check >"$OUT/pip-freeze.txt" 2>/dev/null || true

# --------------------------------------------------------------------------- 2. data
# The data are current when MANIFEST.txt has the wanted row counts and every file it lists is
# there with the size it lists.
data_ok() {
  local m=$DATA/MANIFEST.txt name size _sha
  [ -f "$m" ] || return 1
  head -n 1 "$m" | grep -q " long_rows=$ROWS national_rows=$NATIONAL_ROWS\$" || return 1
  while IFS=$'\t' read -r name size _sha; do
    [ -f "$DATA/$name" ] || return 1
    [ "$(stat -c %s "$DATA/$name")" = "$size" ] || return 1
  done < <(tail -n +2 "$m")
  for name in long50k.xlsx long50k_utf8.csv long50k_cp932.csv; do
    [ -f "$DATA/$name" ] || return 1
  done
}

echo "== 2. data ($ROWS rows)"
if data_ok; then
  echo "   reusing $DATA ($(head -n 1 "$DATA/MANIFEST.txt"))"
else
  echo "   generating into $DATA with $GEN --rows $ROWS --munis $MUNIS …"
  mkdir -p "$(dirname "$DATA")"
  GEN_TMP=$(mktemp -d "$DATA.tmp.XXXXXX")
  trap 'rm -rf -- "$GEN_TMP"' EXIT
  "$PY" "$GEN" "$GEN_TMP" --rows "$ROWS" --munis "$MUNIS" >/dev/null \
    || die "gen.py failed"
  rm -rf -- "${DATA:?}"
  mv -- "$GEN_TMP" "$DATA"
  trap - EXIT
  data_ok || die "gen.py wrote $DATA but its MANIFEST.txt does not match"
  echo "   done ($(head -n 1 "$DATA/MANIFEST.txt"))"
fi
cp "$DATA/MANIFEST.txt" "$OUT/MANIFEST.txt"

# --------------------------------------------------------------------------- 3. build
echo "== 3. cargo build --release -p shinchoku (log: $OUT/build.log)"
BIN_ERR=""
if ! command -v cargo >/dev/null; then
  BIN_ERR="cargo not found"
else
  set +e
  (cd "$ROOT" && cargo build --release -p shinchoku) >"$OUT/build.log" 2>&1
  rc=$?
  set -e
  if [ "$rc" != 0 ]; then
    msg=$(grep -m 1 -E '^error' "$OUT/build.log" || tail -n 1 "$OUT/build.log")
    BIN_ERR="cargo build failed, exit $rc: $msg"
    echo "   build FAILED (the peers still run): $msg"
  elif [ ! -x "$BIN" ]; then
    BIN_ERR="built, but no binary at $BIN"
  else
    echo "   $(grep -m 1 -E '^ *Finished' "$OUT/build.log" | sed 's/^ *//' || true)"
  fi
fi
if GIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null); then
  DIRTY=$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | wc -l)
  if [ "$DIRTY" -gt 0 ]; then GIT="commit $GIT + $DIRTY modified files"; else GIT="commit $GIT"; fi
else
  GIT="no git"
fi
VERSION=$([ -z "$BIN_ERR" ] && "$BIN" --version 2>/dev/null || echo "shinchoku (not built)")

# --------------------------------------------------------------------------- 4.–5. run and report
TIME_BIN=""
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
  TIME_BIN=/usr/bin/time
else
  echo "   /usr/bin/time (GNU) is missing: peak memory is not measured"
fi

PEERS=$("$PY" - "${PINS[@]}" <<'PYEOF'
import sys, importlib.metadata as md
print(" ".join(f"{p.split('==')[0]} {md.version(p.split('==')[0])}" for p in sys.argv[1:]))
PYEOF
)
LABEL="$VERSION ($GIT); Python $("$PY" -c 'import platform; print(platform.python_version())'): $PEERS
machine: $(nproc) cores, load $(cut -d ' ' -f 1-3 /proc/loadavg)"

echo "== 4. timing: 1 warm-up round + $RUNS timed rounds, every tool and file interleaved"
echo
set +e
"$PY" "$REPORT" --data "$DATA" --rows "$ROWS" --runs "$RUNS" --warmup 1 \
  --bin "$BIN" --bin-error "$BIN_ERR" --python "$PY" --peer-ops "$PEER_OPS" \
  --time "$TIME_BIN" --out "$OUT" --label "$LABEL"
rc=$?
set -e
ln -sfn -- "$(basename "$OUT")" "$CACHE/results/latest$([ "$QUICK" = 1 ] && echo -quick || true)"
echo
echo "results: $OUT (table.txt, raw.tsv with every run, summary.json, build.log, pip-freeze.txt)"
[ "$rc" = 0 ] || die "a peer failed (see $OUT/raw.tsv)"
