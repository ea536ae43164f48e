#!/usr/bin/env python3
"""The web application under load, beside nginx serving the same page as a static file, in one run.

    benches/web.py [--munis N] [--duration S] [--connections C] [--keep]

1. a database: national.csv from ../shared/bench/gen.py (1,741 municipalities x 60 indicators x
   10 fiscal years; --munis for fewer) imported into a fresh SQLite file by
   `shinchoku import` (the database issue's national load), and one account;
2. `shinchoku serve` (release) on 127.0.0.1, signed in once for a session cookie;
3. wrk (Debian's) with C connections (default 64) for S seconds (default 10) on a plan's overview
   and on an indicator's page, signed in; then nginx (Debian's) serving each page saved as a
   static file, same load;
4. requests per second and p99 latency of each, ours/nginx ratios, and the issue's goals:
   p99 under 20 ms and at least half of nginx's requests per second.

Needs python3 (stdlib), wrk, nginx and a release build; nothing is fetched. The server's
tracing logs go to a file (a terminal would slow it).
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
if not TARGET.is_absolute():
    TARGET = ROOT / TARGET
BIN = TARGET / "release" / "shinchoku"
sys.path.insert(0, str(Path(__file__).resolve().parent))
import national  # noqa: E402  the same data file, made once


def die(msg):
    print(f"web.py: {msg}", file=sys.stderr)
    sys.exit(1)


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, seconds=60):
    end = time.time() + seconds
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    die(f"{url} does not answer")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def sign_in(base, name, password):
    data = urllib.parse.urlencode({"name": name, "password": password}).encode()
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(urllib.request.Request(f"{base}/login", data=data))
    except urllib.error.HTTPError as e:
        if e.code != 303:
            die(f"sign-in answered {e.code}")
        cookie = e.headers.get("Set-Cookie", "").split(";")[0]
        if not cookie:
            die("sign-in set no cookie")
        return cookie
    die("sign-in did not redirect")


def fetch(url, cookie):
    req = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(req) as r:
        return r.read()


def wrk(url, seconds, connections, cookie=None):
    cmd = ["wrk", "--latency", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", url]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non2xx:
        die(f"{url}: {non2xx.group(1)} responses were not 2xx/3xx:\n{out}")
    return rps, float(p99.group(1)) * scale


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--munis", type=int, default=1741)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            die(f"{tool} is not installed (apt-get install -y wrk nginx-light)")
    print("== 1. data")
    csv, rows = national.national(args.munis)
    print(f"   {csv} ({rows:,} rows)")
    print("== 2. build")
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "shinchoku"], cwd=ROOT, check=True)
    work = Path(tempfile.mkdtemp(prefix="web-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SHINCHOKU_DATA_DIR"] = str(work / "data")
    t = time.time()
    subprocess.run([BIN, "import", csv], env=env, check=True, capture_output=True)
    print(f"   imported in {time.time() - t:.1f} s into {work / 'data'}")
    password = "bench-password-1"
    subprocess.run([BIN, "user", "add", "bench", "--role", "viewer"], env=env, check=True,
                   input=password + "\n", text=True, capture_output=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(work / "serve.log", "w")
    server = subprocess.Popen([BIN, "serve", "--listen", f"127.0.0.1:{port}"], env=env,
                              stdout=log, stderr=log)
    nginx_dir = work / "nginx"
    try:
        wait_for(f"{base}/login")
        cookie = sign_in(base, "bench", password)
        plan = 1
        overview = f"{base}/plans/{plan}"
        html = fetch(overview, cookie).decode()
        m = re.search(rf'href="/plans/{plan}/indicators/(\d+)', html)
        if not m:
            die("the overview links no indicator")
        indicator = f"{base}/plans/{plan}/indicators/{m.group(1)}"
        pages = {"overview": overview, "indicator": indicator}
        # nginx serving the same bytes
        (nginx_dir / "html").mkdir(parents=True)
        # nginx's workers run as another user: they must read the pages
        for d in (work, nginx_dir, nginx_dir / "html"):
            d.chmod(0o755)
        for name, url in pages.items():
            page = nginx_dir / "html" / f"{name}.html"
            page.write_bytes(fetch(url, cookie))
            page.chmod(0o644)
        nport = free_port()
        (nginx_dir / "nginx.conf").write_text(f"""
worker_processes auto; daemon off; pid {nginx_dir}/nginx.pid; error_log {nginx_dir}/error.log;
events {{ worker_connections 1024; }}
http {{ access_log off; client_body_temp_path {nginx_dir}; proxy_temp_path {nginx_dir};
  fastcgi_temp_path {nginx_dir}; uwsgi_temp_path {nginx_dir}; scgi_temp_path {nginx_dir};
  server {{ listen 127.0.0.1:{nport}; root {nginx_dir}/html; }} }}
""")
        nginx = subprocess.Popen(["nginx", "-c", str(nginx_dir / "nginx.conf")],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(f"http://127.0.0.1:{nport}/overview.html")
            print(f"== 3. {args.connections} connections, {args.duration} s each "
                  f"(plan {plan}: {len(html):,} bytes of overview)")
            results = []
            for name, url in pages.items():
                ours = wrk(url, args.duration, args.connections, cookie)
                peer = wrk(f"http://127.0.0.1:{nport}/{name}.html", args.duration,
                           args.connections)
                results.append((name, ours, peer))
                print(f"   {name:<10} ours {ours[0]:>9,.0f} req/s p99 {ours[1]:6.2f} ms | "
                      f"nginx {peer[0]:>9,.0f} req/s p99 {peer[1]:6.2f} ms")
        finally:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=10)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    print("\n== 4. results")
    for name, ours, peer in results:
        ratio = ours[0] / peer[0]
        print(f"   {name}: {ratio:.2f}x nginx's requests per second; p99 {ours[1]:.2f} ms")
        print(f"   {'met    ' if ours[1] < 20 else 'NOT met'} {name} p99 under 20 ms")
        print(f"   {'met    ' if ratio >= 0.5 else 'NOT met'} {name} at least half of nginx's "
              "requests per second")
    if args.keep:
        print(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
