#!/usr/bin/env python3
"""Timing and table for benches/peers.sh (run with the bench venv's python; stdlib only).

Times whole processes: shinchoku and its peers (one peer_ops.py operation per process),
interleaved in every round so that machine noise hits all alike; one untimed warm-up round
first (page cache, first-run effects). Peak memory is /usr/bin/time's %M (max RSS, KiB).

Writes into --out: raw.tsv (every run), table.txt (what is printed), summary.json.
peers.sh passes every argument; run `peers_report.py --help` for them.
"""
import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

# (file, label, [(tool, kind, args)]): kind "ours" runs `BIN read FILE --csv`,
# kind "peer" runs `PYTHON PEER_OPS OP FILE [ARGS]`.
PLAN = [
    ("long50k.xlsx", "xlsx", [
        ("shinchoku read --csv", "ours", []),
        ("pandas.read_excel (openpyxl)", "peer", ["read_pandas_openpyxl"]),
        ("pandas.read_excel (calamine)", "peer", ["read_pandas_calamine"]),
        ("polars.read_excel (fastexcel)", "peer", ["read_polars_calamine"]),
        ("python-calamine rows", "peer", ["read_calamine_raw"]),
    ]),
    ("long50k_utf8.csv", "csv utf-8", [
        ("shinchoku read --csv", "ours", []),
        ("pandas.read_csv (utf-8)", "peer", ["read_csv_pandas", "{file}", "utf-8"]),
        ("polars.read_csv (utf-8)", "peer", ["read_csv_polars"]),
    ]),
    ("long50k_cp932.csv", "csv cp932", [
        ("shinchoku read --csv", "ours", []),
        ("pandas.read_csv (cp932)", "peer", ["read_csv_pandas", "{file}", "cp932"]),
    ]),
]
HEADLINE_PEER = "pandas.read_excel (openpyxl)"
GOAL = 10.0


class Job:
    def __init__(self, file, label, tool, kind, argv):
        self.file, self.label, self.tool, self.kind, self.argv = file, label, tool, kind, argv
        self.walls, self.rss, self.inproc = [], [], []
        self.error = None  # "exit N: first line of stderr"


def first_line(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.strip():
                    return line.strip()[:200]
    except OSError:
        pass
    return "no message on stderr"


def run_once(job, time_bin, tmp, timeout):
    """Runs one process; returns (wall seconds, max RSS KiB or None, in-process s or None, error)."""
    rss_file = os.path.join(tmp, "rss")
    err_file = os.path.join(tmp, "stderr")
    inproc_file = os.path.join(tmp, "inproc")
    for p in (rss_file, inproc_file):
        if os.path.exists(p):
            os.unlink(p)
    cmd = list(job.argv)
    if time_bin:
        cmd = [time_bin, "-f", "%M", "-o", rss_file] + cmd
    env = dict(os.environ, BENCH_INPROC=inproc_file)
    # Popen.wait(timeout=...) polls with sleeps of up to 50 ms, which would quantise the
    # times: wait blocking (waitpid), and let a timer kill the process group on a time-out.
    expired = threading.Event()
    with open(err_file, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, env=env, start_new_session=True)

        def kill():
            expired.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        rc = proc.wait()
        wall = time.perf_counter() - t0
        timer.cancel()
    if expired.is_set():
        return None, None, None, f"timed out after {timeout:.0f} s"
    if rc != 0:
        if rc < 0:
            return None, None, None, f"killed by signal {-rc}: {first_line(err_file)}"
        return None, None, None, f"exit {rc}: {first_line(err_file)}"
    rss = None
    if time_bin:
        try:
            with open(rss_file) as f:
                lines = [ln.strip() for ln in f if ln.strip()]
            rss = int(lines[-1])
        except (OSError, ValueError, IndexError):
            rss = None
    inproc = None
    try:
        with open(inproc_file) as f:
            inproc = float(f.readline().split("\t")[1])
    except (OSError, ValueError, IndexError):
        inproc = None
    return wall, rss, inproc, None


def fmt_s(x):
    return "—" if x is None else (f"{x:.3f}" if x < 10 else f"{x:.2f}")


def fmt_rate(rows, med):
    if med is None:
        return "—"
    r = rows / med
    return f"{r / 1e6:.2f} M" if r >= 1e6 else f"{r / 1e3:,.0f} k"


def fmt_ratio(x):
    if x is None:
        return "—"
    return f"{x:.1f}×" if x < 100 else f"{x:.0f}×"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="directory written by gen.py")
    ap.add_argument("--rows", type=int, required=True, help="data rows per file (for rows/s)")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=1, help="untimed rounds before the timed ones")
    ap.add_argument("--bin", required=True, help="the shinchoku binary")
    ap.add_argument("--bin-error", default="", help="if set, ours is not run: why")
    ap.add_argument("--python", required=True, help="python of the venv that runs peer_ops.py")
    ap.add_argument("--peer-ops", required=True)
    ap.add_argument("--time", default="", help="GNU time binary; empty: no memory figures")
    ap.add_argument("--timeout", type=float, default=600.0, help="per process, seconds")
    ap.add_argument("--out", required=True, help="directory for raw.tsv, table.txt, summary.json")
    ap.add_argument("--label", default="", help="free text printed above the table")
    a = ap.parse_args()

    jobs = []
    for fname, label, tools in PLAN:
        path = os.path.join(a.data, fname)
        for tool, kind, args in tools:
            if kind == "ours":
                argv = [a.bin, "read", path, "--csv"]
            else:
                op_args = [x.replace("{file}", path) for x in args]
                if len(op_args) == 1:
                    op_args.append(path)
                argv = [a.python, a.peer_ops] + op_args
            job = Job(fname, label, tool, kind, argv)
            if kind == "ours" and a.bin_error:
                job.error = a.bin_error
            jobs.append(job)

    os.makedirs(a.out, exist_ok=True)
    raw_path = os.path.join(a.out, "raw.tsv")
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="shinchoku-peers-") as tmp, \
            open(raw_path, "w", encoding="utf-8") as raw:
        raw.write("round\tfile\ttool\twall_s\tmax_rss_kib\tinproc_s\terror\n")
        total = a.warmup + a.runs
        for rnd in range(total):
            timed = rnd >= a.warmup
            k = rnd % len(jobs)  # rotate the order every round: no tool always runs first
            order = jobs[k:] + jobs[:k]
            t_round = time.perf_counter()
            for job in order:
                if job.error:
                    continue
                wall, rss, inproc, err = run_once(job, a.time, tmp, a.timeout)
                tag = str(rnd - a.warmup + 1) if timed else "warmup"
                raw.write(f"{tag}\t{job.file}\t{job.tool}\t{'' if wall is None else f'{wall:.6f}'}\t"
                          f"{'' if rss is None else rss}\t{'' if inproc is None else f'{inproc:.6f}'}\t"
                          f"{err or ''}\n")
                raw.flush()
                if err:
                    job.error = err
                    continue
                if timed:
                    job.walls.append(wall)
                    if rss is not None:
                        job.rss.append(rss)
                    if inproc is not None:
                        job.inproc.append(inproc)
            what = "warm-up" if not timed else f"round {rnd - a.warmup + 1}/{a.runs}"
            print(f"  {what} done in {time.perf_counter() - t_round:.1f} s", file=sys.stderr, flush=True)

    # ---------------------------------------------------------------- the table
    def med(j):
        return statistics.median(j.walls) if j.walls and not j.error else None

    ours_med = {j.file: med(j) for j in jobs if j.kind == "ours"}
    header = ["file", "tool", "median s", "min s", "rows/s", "peak RSS MiB", "peer/ours"]
    rows, summary = [], []
    for j in jobs:
        m = med(j)
        mn = min(j.walls) if j.walls and not j.error else None
        rss = max(j.rss) / 1024 if j.rss and not j.error else None
        o = ours_med.get(j.file)
        ratio = (m / o) if (m is not None and o) else None
        if j.kind == "ours":
            ratio_s = "1.0× (ours)" if m is not None else "—"
        else:
            ratio_s = fmt_ratio(ratio)
        if j.error:
            who = "ours" if j.kind == "ours" else j.tool
            rows.append([j.label, j.tool, f"{who}: failed ({j.error})", None, None, None, None])
        else:
            rows.append([j.label, j.tool, fmt_s(m), fmt_s(mn), fmt_rate(a.rows, m),
                         "—" if rss is None else f"{rss:.0f}", ratio_s])
        summary.append({
            "file": j.file, "tool": j.tool, "kind": j.kind, "runs": len(j.walls),
            "median_s": m, "min_s": mn, "rows_per_s": (a.rows / m) if m else None,
            "peak_rss_mib": rss, "peer_over_ours": ratio if j.kind == "peer" else None,
            "inproc_median_s": statistics.median(j.inproc) if j.inproc else None,
            "error": j.error,
        })

    widths = [len(h) for h in header]
    for r in rows:
        if r[3] is None:  # failure row spans the figure columns
            widths[0] = max(widths[0], len(r[0]))
            widths[1] = max(widths[1], len(r[1]))
            continue
        for i, c in enumerate(r):
            widths[i] = max(widths[i], len(c))
    right = {2, 3, 4, 5, 6}

    def line(cells):
        out = []
        for i, c in enumerate(cells):
            out.append(c.rjust(widths[i]) if i in right else c.ljust(widths[i]))
        return "  ".join(out).rstrip()

    lines = []
    if a.label:
        lines.append(a.label)
    lines.append(f"whole-process wall time, {a.runs} timed runs each after {a.warmup} warm-up "
                 f"round(s), interleaved; {a.rows:,} data rows per file; "
                 f"peer/ours > 1 means shinchoku is faster")
    if not a.time:
        lines.append("memory: /usr/bin/time not found, peak RSS not measured")
    lines.append("")
    lines.append(line(header))
    lines.append(line(["-" * w for w in widths]))
    prev = None
    for r in rows:
        if prev is not None and r[0] != prev:
            lines.append("")
        prev = r[0]
        if r[3] is None:
            lines.append(line([r[0], r[1]]) + "  " + r[2])
        else:
            lines.append(line(r))
    lines.append("")

    ours_x = next(j for j in jobs if j.kind == "ours" and j.file == "long50k.xlsx")
    peer_x = next(j for j in jobs if j.tool == HEADLINE_PEER)
    mo, mp = med(ours_x), med(peer_x)
    if mo is not None and mp is not None:
        x = mp / mo
        verdict = "met" if x >= GOAL else "NOT met"
        lines.append(f"xlsx: shinchoku is {x:.1f}× faster than pandas.read_excel (openpyxl) "
                     f"(goal ≥ {GOAL:.0f}×) — goal {verdict}")
        headline = x
    else:
        why = "ours failed" if ours_x.error else "pandas.read_excel (openpyxl) failed"
        lines.append(f"xlsx: shinchoku is ?× faster than pandas.read_excel (openpyxl) "
                     f"(goal ≥ {GOAL:.0f}×) — not measured: {why}; pandas.read_excel (openpyxl) "
                     f"median {fmt_s(mp)} s, so the goal means ≤ "
                     f"{fmt_s(mp / GOAL if mp else None)} s")
        headline = None
    lines.append(f"(total {time.time() - started:.0f} s)")
    text = "\n".join(lines) + "\n"
    print(text, end="")
    with open(os.path.join(a.out, "table.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(a.out, "summary.json"), "w", encoding="utf-8") as f:
        json.dump({"rows": a.rows, "runs": a.runs, "warmup": a.warmup, "label": a.label,
                   "xlsx_speedup_vs_pandas_openpyxl": headline, "goal": GOAL,
                   "results": summary}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    # a failed peer is a broken benchmark; a failed shinchoku is reported, not fatal
    return 1 if any(j.error for j in jobs if j.kind == "peer") else 0


if __name__ == "__main__":
    sys.exit(main())
