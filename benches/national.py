#!/usr/bin/env python3
"""The national bulk load, shinchoku beside sqlite3 .import and psql \\copy, in one run.

    benches/national.py [--runs N] [--quick] [--keep]

1. national.csv from ../shared/bench/gen.py (1,741 municipalities x 60 indicators x 10 fiscal
   years x target/actual = 2,089,200 rows; --quick: 40 municipalities), made once under
   $SHINCHOKU_BENCH_CACHE (default ~/.cache/shinchoku/bench)/national;
2. cargo build --release -p shinchoku;
3. N interleaved rounds (default 5), each into a fresh database, each round starting one task
   later, whole processes timed with /usr/bin/time (wall and peak RSS of the client process)
   once the last run's writes are on disk (sync, and a PostgreSQL CHECKPOINT):
     ours   shinchoku import national.csv  into SQLite (--data-dir) and PostgreSQL (DATABASE_URL):
            the real schema with its keys — municipalities, one plan per municipality, indicators,
            values with raw text, parsed number, version and stamp, batches and audit entries;
     peers  sqlite3 .import and psql \\copy of the same rows into a six-column table, without a
            key and with PRIMARY KEY (municipality_code, indicator_id, fiscal_year, kind);
4. one municipality's plan evaluated from each database (shinchoku evaluate --plan ID --format
   json), whole process, and in it (--timings) loading and evaluating the plan once the
   database is open — on the new connection, and loaded again on the same connection (what a
   server with its pool pays: a new connection first fills its caches) — and opening the
   database;
5. medians, minimums, ours/peer ratios from this run, and the issue's goals checked.

Needs python3 (stdlib only), sqlite3, psql and a PostgreSQL at $SHINCHOKU_BENCH_POSTGRES
(default postgres://postgres@127.0.0.1:5432, trust auth). Nothing is fetched.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHINCHOKU_SHARED", ROOT.parent / "shared"))
CACHE = Path(os.environ.get("SHINCHOKU_BENCH_CACHE", Path.home() / ".cache/shinchoku/bench"))
SERVER = os.environ.get("SHINCHOKU_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
if not TARGET.is_absolute():
    TARGET = ROOT / TARGET
BIN = TARGET / "release" / "shinchoku"

PEER_COLUMNS = ("municipality_code TEXT, indicator_id TEXT, fiscal_year INTEGER, kind TEXT, "
                "raw TEXT, value {real}")
PEER_KEY = ", PRIMARY KEY (municipality_code, indicator_id, fiscal_year, kind)"


def die(msg):
    print(f"national.py: {msg}", file=sys.stderr)
    sys.exit(1)


def national(munis):
    """The data file, made once per size."""
    out = CACHE / f"national-{munis}"
    csv = out / "national.csv"
    rows = munis * 60 * 10 * 2
    stamp = out / "ROWS"
    if csv.exists() and stamp.exists() and stamp.read_text().strip() == str(rows):
        return csv, rows
    out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(SHARED / "bench"))
    import gen  # the shared generator; write_national needs only the standard library
    n = gen.write_national(str(out), munis)
    if n != rows:
        die(f"gen.py wrote {n} rows, expected {rows}")
    stamp.write_text(f"{rows}\n")
    return csv, rows


def psql(db, *args, check=True):
    return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", f"{SERVER}/{db}", *args],
                          check=check, capture_output=True, text=True)


def settle():
    """Lets the last run's writes reach the disk before the next is timed: the kernel's dirty
    pages and PostgreSQL's buffers (a checkpoint). Without it a run pays for the one before —
    hundreds of MB of a load's writes still being flushed — and which run that is depends on the order."""
    os.sync()
    psql("postgres", "-c", "CHECKPOINT", check=False)
    os.sync()


def timed(cmd, env=None, stdin=None):
    """Runs one whole process under /usr/bin/time, once the system has settled: (seconds, peak
    KiB, stdout)."""
    settle()
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        full = ["/usr/bin/time", "-f", "%e %M", "-o", t.name, *cmd]
        start = time.perf_counter()
        p = subprocess.run(full, env=env, input=stdin, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if p.returncode != 0:
            die(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr.strip()[-800:]}")
        fields = t.read().split()
        kib = int(fields[-1]) if fields else 0
    return wall, kib, p.stdout


class Round:
    """Fresh databases for one round, removed after it."""

    def __init__(self, n):
        self.dir = Path(tempfile.mkdtemp(prefix=f"national-{n}-"))
        self.pg = []
        self.n = n

    def sqlite_path(self, name):
        return self.dir / f"{name}.db"

    def postgres(self, name):
        db = f"shinchoku_bench_{os.getpid()}_{self.n}_{name}"
        psql("postgres", "-c", f"DROP DATABASE IF EXISTS {db}")
        psql("postgres", "-c", f"CREATE DATABASE {db}")
        self.pg.append(db)
        return db

    def close(self, keep):
        if keep:
            print(f"   kept {self.dir} and databases {' '.join(self.pg)}")
            return
        shutil.rmtree(self.dir, ignore_errors=True)
        for db in self.pg:
            psql("postgres", "-c", f"DROP DATABASE IF EXISTS {db} WITH (FORCE)", check=False)


def ours_sqlite(r, csv):
    d = r.dir / "ours-sqlite"
    wall, kib, out = timed([str(BIN), "--data-dir", str(d), "import", str(csv)])
    return wall, kib, {"data_dir": str(d), "out": out}


def ours_postgres(r, csv):
    db = r.postgres("ours")
    env = dict(os.environ, DATABASE_URL=f"{SERVER}/{db}")
    wall, kib, out = timed([str(BIN), "import", str(csv)], env=env)
    return wall, kib, {"url": env["DATABASE_URL"], "out": out}


def sqlite_peer(key):
    def run(r, csv):
        db = r.sqlite_path("peer-key" if key else "peer")
        script = (f"CREATE TABLE peer ({PEER_COLUMNS.format(real='REAL')}{PEER_KEY if key else ''});\n"
                  f".import --csv --skip 1 {csv} peer\n")
        wall, kib, _ = timed(["sqlite3", str(db)], stdin=script)
        n = subprocess.run(["sqlite3", str(db), "SELECT count(*) FROM peer"],
                           capture_output=True, text=True).stdout.strip()
        return wall, kib, {"rows": int(n or 0)}
    return run


def psql_peer(key):
    def run(r, csv):
        db = r.postgres("peerkey" if key else "peer")
        psql(db, "-c", f"CREATE TABLE peer ({PEER_COLUMNS.format(real='DOUBLE PRECISION')}"
                       f"{PEER_KEY if key else ''})")
        wall, kib, _ = timed(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", f"{SERVER}/{db}", "-c",
                              f"\\copy peer FROM '{csv}' WITH (FORMAT csv, HEADER)"])
        n = psql(db, "-At", "-c", "SELECT count(*) FROM peer").stdout.strip()
        return wall, kib, {"rows": int(n or 0)}
    return run


TASKS = [
    ("ours SQLite", ours_sqlite),
    ("sqlite3 .import, no key", sqlite_peer(False)),
    ("sqlite3 .import, key", sqlite_peer(True)),
    ("ours PostgreSQL", ours_postgres),
    ("psql \\copy, no key", psql_peer(False)),
    ("psql \\copy, key", psql_peer(True)),
]


def plan_id(env, args):
    """The id of the plan of the municipality the file names first."""
    out = subprocess.run([str(BIN), *args, "plans"], env=env, capture_output=True, text=True,
                         check=True).stdout
    for line in out.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 2 and cells[1].isdigit():
            return cells[1]
    die(f"no plan listed:\n{out[:2000]}")


def evaluate_times(env, args, runs):
    pid = plan_id(env, args)
    cmd = [str(BIN), *args, "evaluate", "--plan", pid, "--format", "json", "--timings"]
    walls, inner, warm, opening = [], [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        p = subprocess.run(cmd, env=env, capture_output=True, text=True)
        walls.append(time.perf_counter() - start)
        if p.returncode != 0:
            die(f"{' '.join(cmd)} failed: {p.stderr.strip()}")
        json.loads(p.stdout)  # the evaluation is whole
        for line in p.stderr.splitlines():
            # "計測: データベースを開く 9.9 ms、読み込み 1.2 ms、評価 0.4 ms、出力 0.7 ms、
            #  同じ接続でもう一度読み込み 0.9 ms (timings)"
            if line.startswith("計測:"):
                nums = [float(w) for w in line.replace("、", " ").split()
                        if w.replace(".", "", 1).isdigit()]
                opening.append(nums[0])
                inner.append(nums[1] + nums[2])
                warm.append(nums[4] + nums[2])
    return pid, walls, inner, warm, opening


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="40 municipalities, 2 runs")
    ap.add_argument("--keep", action="store_true", help="keep the last round's databases")
    a = ap.parse_args()
    runs = 2 if a.quick and a.runs == 5 else a.runs
    for tool in ("sqlite3", "psql", "/usr/bin/time", "cargo"):
        if not shutil.which(tool):
            die(f"{tool} is needed")
    psql("postgres", "-c", "SELECT 1")  # fails loudly when the server does not answer

    print("== 1. data")
    csv, rows = national(40 if a.quick else 1741)
    print(f"   {csv} ({rows:,} rows, {csv.stat().st_size / 1e6:.1f} MB)")
    print("== 2. cargo build --release -p shinchoku")
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "shinchoku"], cwd=ROOT, check=True)
    version = subprocess.run([str(BIN), "--version"], capture_output=True, text=True).stdout.strip()
    git = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True).stdout.strip()
    sqlite_v = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
    pg_v = psql("postgres", "-At", "-c", "SHOW server_version").stdout.strip()
    print(f"   {version} (commit {git}); sqlite3 {sqlite_v}; PostgreSQL {pg_v}; "
          f"{os.cpu_count()} cores, load {open('/proc/loadavg').read().split()[0]}")

    print(f"== 3. {runs} interleaved rounds, each into fresh databases")
    results = {name: [] for name, _ in TASKS}
    last = None
    for n in range(runs):
        r = Round(n)
        extras = {}
        # each round starts one task later, so that no task always follows the same one
        for name, task in TASKS[n % len(TASKS):] + TASKS[:n % len(TASKS)]:
            wall, kib, extra = task(r, csv)
            results[name].append((wall, kib))
            extras[name] = extra
            if "rows" in extra and extra["rows"] != rows:
                die(f"{name} loaded {extra['rows']} rows, not {rows}")
            print(f"   round {n + 1}: {name:<26} {wall:6.2f} s  {kib / 1024:6.0f} MiB")
        if n == runs - 1:
            last = (r, extras)
        else:
            r.close(False)

    print("== 4. one municipality's plan evaluated from the database (20 runs each)")
    r, extras = last
    evaluations = {}
    for name, env, args in [
        ("SQLite", dict(os.environ), ["--data-dir", extras["ours SQLite"]["data_dir"]]),
        ("PostgreSQL", dict(os.environ, DATABASE_URL=extras["ours PostgreSQL"]["url"]), []),
    ]:
        env.pop("DATABASE_URL", None) if name == "SQLite" else None
        evaluations[name] = evaluate_times(env, args, 20)
    r.close(a.keep)

    med = {k: statistics.median(w for w, _ in v) for k, v in results.items()}
    low = {k: min(w for w, _ in v) for k, v in results.items()}
    mem = {k: max(m for _, m in v) for k, v in results.items()}
    print()
    print(f"national.csv, {rows:,} rows; medians of {runs} whole-process runs "
          f"(peak RSS of the client process; the server's memory is not counted)")
    print(f"{'':<28}{'median':>9}{'min':>9}{'rows/s':>12}{'peak':>10}")
    for k in results:
        print(f"{k:<28}{med[k]:8.2f}s{low[k]:8.2f}s{rows / med[k]:12,.0f}{mem[k] / 1024:8.0f}MiB")
    print()
    goals = []
    for ours, peer in [("ours SQLite", "sqlite3 .import"), ("ours PostgreSQL", "psql \\copy")]:
        key, nokey = med[f"{peer}, key"], med[f"{peer}, no key"]
        o = med[ours]
        print(f"{ours}: {o / key:.2f}x the time of {peer} with the key, "
              f"{o / nokey:.2f}x the time without it")
        goals.append((f"{ours} faster than {peer} with the key", o < key))
        goals.append((f"{ours} within 1.2x of {peer} without the key", o <= 1.2 * nokey))
    for name, (pid, walls, inner, warm, opening) in evaluations.items():
        w = statistics.median(walls) * 1000
        i = statistics.median(inner) if inner else float("nan")
        h = statistics.median(warm) if warm else float("nan")
        o = statistics.median(opening) if opening else float("nan")
        print(f"evaluate --plan {pid} from {name}: whole process {w:.1f} ms (median of 20); "
              f"in it, loading and evaluating {i:.2f} ms on the new connection and {h:.2f} ms "
              f"again on the same one, opening the database {o:.1f} ms")
        goals.append((f"one plan from {name} evaluated in under 10 ms (a pooled connection)",
                      h < 10))
    print()
    for what, ok in goals:
        print(f"   {'met   ' if ok else 'NOT met'}  {what}")


if __name__ == "__main__":
    main()
