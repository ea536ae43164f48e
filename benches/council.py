#!/usr/bin/env python3
"""The council sheet of a 1,000-indicator plan, written by shinchoku beside Python's XlsxWriter
and a bare rust_xlsxwriter loop, in one run.

    benches/council.py [--runs N]

1. the data of ../shared/bench/peer_ops.py's council_data() (1,000 indicators x 10 fiscal years x
   目標値/実績値, the same 31 k cells XlsxWriter writes) as a long CSV shinchoku reads, made once
   under $SHINCHOKU_BENCH_CACHE (default ~/.cache/shinchoku/bench)/council;
2. a venv there with xlsxwriter (pinned as benches/peers.sh pins it; pip only when missing),
   cargo build --release of shinchoku and of crates/report/examples/council_bench.rs;
3. N interleaved rounds (default 7), each a whole process whose wall time and peak RSS are
   measured (os.wait4), and whose writing is timed in process:
     ours        council_bench ours: the matrix council sheet (merged bands, goal headings, number
                 formats per figure, grades, print settings) from the plan read from the CSV;
     bare        council_bench bare: the peer's sheet (its layout, merges and formats, the same
                 31 k cells) written with rust_xlsxwriter in a plain loop — the crate's floor;
     xlsxwriter  peer_ops.py write_xlsxwriter (the peer's own layout of the same cells);
     export      shinchoku export --plan 1 --format xlsx from a SQLite database holding the plan
                 (the command a user runs: open, load, evaluate, write);
4. the printed report of a 100-indicator plan (the first 100 of the same data), shinchoku export
   --format pdf from the database, whole process (headless Chromium included);
5. medians, the ratios and the issue's goals: at least 6x faster than XlsxWriter and within 1.3x of
   bare rust_xlsxwriter, on the in-process writing times (interpreter start-up does not count) and
   on whole processes. Our sheet is the city's layout, not the peer's: it writes more cells (the
   role columns, 達成率, grade and comment beside every band) and merges each band.
"""
import argparse
import csv
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
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
if not TARGET.is_absolute():
    TARGET = ROOT / TARGET
BIN = TARGET / "release" / "shinchoku"
EXAMPLE = TARGET / "release" / "examples" / "council_bench"
PEER_OPS = SHARED / "bench" / "peer_ops.py"
XLSXWRITER = "xlsxwriter==3.3.1"


def die(msg):
    print(f"council.py: {msg}", file=sys.stderr)
    sys.exit(1)


def data(n_ind=1000):
    """The peer's council data (its first `n_ind` indicators) as our long CSV, raw text as a
    city writes it."""
    out = CACHE / "council" / f"council{n_ind}.csv"
    if out.exists():
        return out
    sys.path.insert(0, str(PEER_OPS.parent))
    import peer_ops  # noqa: E402  stdlib only for council_data
    years = ["平成27年度", "平成28年度", "平成29年度", "平成30年度", "令和元年度",
             "令和2年度", "令和3年度", "令和4年度", "令和5年度", "令和6年度"]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["指標番号", "目標階層1", "事業", "指標", "単位", "年度", "区分", "値"])
        for d in peer_ops.council_data()[:n_ind]:
            def raw(v):
                if isinstance(v, str):
                    return v
                return f"{v:.1f}" if isinstance(v, float) else f"{v:,}"
            for kind, vals in (("目標値", d["tgt"]), ("実績値", d["act"])):
                for y, v in zip(years, vals):
                    w.writerow([d["no"], d["goal"], d["proj"], d["ind"], d["unit"], y, kind, raw(v)])
    tmp.rename(out)
    return out


def venv_python():
    venv = CACHE / "venv"
    py = venv / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    check = subprocess.run([py, "-c", "import xlsxwriter"], capture_output=True)
    if check.returncode != 0:
        subprocess.run([py, "-m", "pip", "install", "-q", XLSXWRITER], check=True)
    return py


def timed(cmd, env=None, inproc=None):
    """Wall seconds and the in-process seconds of the writing (from stdout, or the peer's file).
    Peak RSS is taken by `peak_rss`, a run of its own under wait4."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = p.communicate()
    wall = time.perf_counter() - t
    if p.returncode != 0:
        die(f"{cmd[0]} failed: {err.decode(errors='replace')}")
    written = None
    for line in out.decode().splitlines():
        if line.startswith("write\t"):
            written = float(line.split("\t")[1])
    if inproc is not None:
        for line in Path(inproc).read_text().splitlines():
            op, secs, _ = line.split("\t")
            if op.startswith("write_xlsxwriter"):
                written = float(secs)
        Path(inproc).unlink()
    return wall, written


def peak_rss(cmd, env=None):
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        try:
            os.execvpe(cmd[0], [str(c) for c in cmd], env or os.environ)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        die(f"{cmd[0]} failed")
    return usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    if not PEER_OPS.exists():
        die(f"missing {PEER_OPS}")
    print("== 1. data")
    csv_path = data()
    print(f"   {csv_path}")
    print("== 2. venv and build")
    py = venv_python()
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "shinchoku"], cwd=ROOT, check=True)
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "shinchoku-report",
                    "--example", "council_bench"], cwd=ROOT, check=True)
    work = Path(tempfile.mkdtemp(prefix="council-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SHINCHOKU_DATA_DIR"] = str(work / "data")
    subprocess.run([BIN, "import", csv_path, "--municipality", "011002"], env=env, check=True,
                   capture_output=True)
    inproc = work / "inproc.tsv"
    peer_env = dict(env, BENCH_INPROC=str(inproc))
    tools = {
        "ours": ([EXAMPLE, "ours", csv_path, work / "ours.xlsx"], env, None),
        "bare": ([EXAMPLE, "bare", csv_path, work / "bare.xlsx"], env, None),
        "xlsxwriter": ([py, PEER_OPS, "write_xlsxwriter", work / "peer.xlsx"], peer_env, inproc),
        "export": ([BIN, "export", "--plan", "1", "--format", "xlsx", "-o", work / "export.xlsx"],
                   env, None),
    }
    print(f"== 3. {args.runs} rounds, interleaved")
    results = {name: {"wall": [], "write": [], "rss": []} for name in tools}
    for _ in range(args.runs):
        for name, (cmd, e, ip) in tools.items():
            wall, written = timed([str(c) for c in cmd], e, str(ip) if ip else None)
            results[name]["wall"].append(wall)
            if written is not None:
                results[name]["write"].append(written)
            results[name]["rss"].append(peak_rss([str(c) for c in cmd], e))
            if ip and Path(ip).exists():
                Path(ip).unlink()
    print(f"\n{'':12}{'whole process':>15}{'writing':>12}{'peak RSS':>12}")
    med = {}
    for name, r in results.items():
        wall = statistics.median(r["wall"])
        write = statistics.median(r["write"]) if r["write"] else None
        rss = max(r["rss"])
        med[name] = write
        print(f"{name:12}{wall * 1000:12.1f} ms"
              f"{(f'{write * 1000:9.1f} ms' if write is not None else '          —'):>12}"
              f"{rss:9.0f} MiB")
    faster = med["xlsxwriter"] / med["ours"]
    of_bare = med["ours"] / med["bare"]
    walls = {name: statistics.median(r["wall"]) for name, r in results.items()}
    print(f"\nwriting: ours is {faster:.1f}x faster than XlsxWriter, {of_bare:.2f}x the time of "
          "bare rust_xlsxwriter")
    print(f"whole processes: ours {walls['xlsxwriter'] / walls['ours']:.1f}x faster than "
          f"XlsxWriter ({walls['xlsxwriter'] / walls['export']:.1f}x for `shinchoku export` from "
          f"the database), {walls['ours'] / walls['bare']:.2f}x bare rust_xlsxwriter")
    print("== 4. the printed report of 100 indicators")
    small = data(100)
    env100 = dict(env, SHINCHOKU_DATA_DIR=str(work / "data100"))
    subprocess.run([BIN, "import", small, "--municipality", "011002"], env=env100, check=True,
                   capture_output=True)
    pdf_walls = []
    for _ in range(args.runs):
        wall, _ = timed([str(BIN), "export", "--plan", "1", "--format", "pdf", "-o",
                         str(work / "report.pdf")], env100)
        pdf_walls.append(wall)
    pdf = statistics.median(pdf_walls)
    pages = subprocess.run(["pdfinfo", work / "report.pdf"], capture_output=True, text=True)
    count = next((l.split()[-1] for l in pages.stdout.splitlines() if l.startswith("Pages:")), "?")
    print(f"   PDF of 100 indicators ({count} pages): {pdf:.2f} s whole process "
          f"(median of {args.runs}; min {min(pdf_walls):.2f} s)")
    print(f"\n   {'met    ' if faster >= 6 else 'NOT met'} at least 6x faster than XlsxWriter")
    print(f"   {'met    ' if of_bare <= 1.3 else 'NOT met'} within 1.3x of bare rust_xlsxwriter")
    print(f"   {'met    ' if pdf < 2 else 'NOT met'} the 100-indicator PDF in under 2 s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
