#!/usr/bin/env python3
"""Load-tests the BillerAPI sandbox emulator and Prism (serving the emulator's own OpenAPI
document as a mock) side by side, then soaks the emulator and samples its memory.

Both servers run on 127.0.0.1 and get the same wrk load: 2 threads, N connections, D seconds per
endpoint. The machine has 2 cores shared by server and load generator, so absolute numbers are
low; the ratio between the two servers, measured in one run, is the figure to read.
"""

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SANDBOX = os.path.join(ROOT, "target", "release", "billerapi-sandbox")
PRISM = os.path.join(ROOT, "bench", "emulator", "node_modules", ".bin", "prism")
CLIENT_ID, CLIENT_SECRET = "client_bench", "bb_test_bench_secret_0001"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answers, whatever the status
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def call(method, url, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(req) as r:
        return json.load(r)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def lua_script(method, path, headers, body):
    lines = [f'wrk.method = "{method}"', f'wrk.path = "{path}"']
    for k, v in headers.items():
        lines.append(f'wrk.headers["{k}"] = "{v}"')
    if body is not None:
        lines.append("wrk.body = " + json.dumps(json.dumps(body)))
    # Count non-2xx answers so a server answering errors fast cannot look good.
    lines.append("""
local non2xx = 0
response = function(status, headers, body) if status < 200 or status > 299 then non2xx = non2xx + 1 end end
done = function(summary, latency, requests) end
""")
    f = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    f.write("\n".join(lines))
    f.close()
    return f.name


def parse_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(base, method, path, headers, body, seconds, connections):
    script = lua_script(method, path, headers, body)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script, base],
        capture_output=True, text=True, check=True,
    ).stdout
    os.unlink(script)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = parse_ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = parse_ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    transfer = re.search(r"Transfer/sec:\s+([\d.]+)(B|KB|MB|GB)", out)
    per_sec = float(transfer.group(1)) * {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[transfer.group(2)]
    return rps, p50, p99, int(errors.group(1)) if errors else 0, per_sec / rps


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--soak", type=int, default=60)
    ap.add_argument("--connections", type=int, default=32)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-emulator-")
    procs = []
    try:
        port = free_port()
        sandbox = subprocess.Popen(
            [SANDBOX, "--addr", f"127.0.0.1:{port}", "--data", os.path.join(tmp, "s.db"),
             "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, RUST_LOG="warn"))
        procs.append(sandbox)
        ours = f"http://127.0.0.1:{port}"
        wait_for(ours + "/sandbox/scenarios")
        creds = {"X-Client-ID": CLIENT_ID, "X-Client-Secret": CLIENT_SECRET}
        def link(account_number):
            pt = call("POST", ours + "/sandbox/public_token/create", {"client_id": CLIENT_ID, "biller_id": "test_electric_company",
                      "account_number": account_number, "client_user_id": "bench", "consents": ["bills"]}, creds)
            return call("POST", ours + "/link/token/exchange", {"client_id": CLIENT_ID, "public_token": pt["public_token"]}, creds)
        # One bill, like Prism's one-example answer; and a full page of a 24-statement history.
        one, ex = link("4242424242"), link("5550001234")
        spec = os.path.join(tmp, "openapi.json")
        with urllib.request.urlopen(ours + "/openapi.json") as r, open(spec, "wb") as f:
            f.write(r.read())

        prism_port = free_port()
        prism = subprocess.Popen([PRISM, "mock", spec, "-h", "127.0.0.1", "-p", str(prism_port), "--errors"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        procs.append(prism)
        prism_base = f"http://127.0.0.1:{prism_port}"
        wait_for(prism_base + "/sandbox/scenarios")

        create_body = {"client_id": CLIENT_ID, "client_user_id": "bench", "consents": ["bills"], "biller_id": "test_electric_company"}
        bills_path = f"/bills/get?account_link_id={ex['link_id']}&limit=25"
        endpoints = [
            ("POST /link/token/create", "POST", "/link/token/create", {**creds, "Content-Type": "application/json"}, create_body),
            ("GET /bills/get (1 bill)", "GET", f"/bills/get?account_link_id={one['link_id']}",
             {"Authorization": f"Bearer {one['access_token']}"}, None),
            ("GET /bills/get (24 bills)", "GET", bills_path, {"Authorization": f"Bearer {ex['access_token']}"}, None),
        ]
        rows = []
        for label, method, path, headers, body in endpoints:
            for name, base in (("emulator", ours), ("prism", prism_base)):
                rps, p50, p99, bad, size = wrk(base, method, path, headers, body, args.seconds, args.connections)
                rows.append((label, name, rps, p50, p99, bad, size))
                print(f"  {label:<26} {name:<9} {rps:9.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  "
                      f"non-2xx {bad}  {size:.0f} B/resp", file=sys.stderr)
        os.killpg(prism.pid, signal.SIGTERM)

        print(f"\nthroughput and latency: wrk -t2 -c{args.connections}, {args.seconds} s per row, loopback, 2 cores shared with wrk\n")
        print("| endpoint | server | req/s | p50 (ms) | p99 (ms) | non-2xx | bytes/response | emulator / prism req/s |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
        for i in range(0, len(rows), 2):
            ours_row, prism_row = rows[i], rows[i + 1]
            for r in (ours_row, prism_row):
                ratio = f"{ours_row[2] / prism_row[2]:.1f}x" if r is ours_row else ""
                print(f"| {r[0]} | {r[1]} | {r[2]:.0f} | {r[3]:.2f} | {r[4]:.2f} | {r[5]} | {r[6]:.0f} | {ratio} |")

        # Soak: alternate both endpoints for the whole period, sampling RSS each second.
        samples = []
        soak = subprocess.Popen(["wrk", "-t2", f"-c{args.connections}", f"-d{args.soak}s", "-s",
                                 lua_script("GET", bills_path, {"Authorization": f"Bearer {ex['access_token']}"}, None), ours],
                                stdout=subprocess.DEVNULL)
        create_load = subprocess.Popen(["wrk", "-t1", "-c4", f"-d{args.soak}s", "-s",
                                        lua_script("POST", "/link/token/create", {**creds, "Content-Type": "application/json"}, create_body), ours],
                                       stdout=subprocess.DEVNULL)
        start = time.time()
        while soak.poll() is None:
            samples.append((time.time() - start, rss_kib(sandbox.pid)))
            time.sleep(1)
        create_load.wait()
        first = samples[min(5, len(samples) - 1)][1] / 1024
        last = samples[-1][1] / 1024
        peak = max(s[1] for s in samples) / 1024
        marks = [s for s in samples if int(s[0]) % 10 == 0 and s[0] >= 1][: args.soak // 10]
        print(f"\nmemory during a {args.soak} s soak (bills get + link token create), emulator RSS in MiB:\n")
        print("| " + " | ".join(f"{int(t)} s" for t, _ in marks) + " | peak | end / 5 s |")
        print("|" + "---:|" * (len(marks) + 2))
        print("| " + " | ".join(f"{kib / 1024:.1f}" for _, kib in marks) + f" | {peak:.1f} | {last / first:.2f}x |")
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    p.kill()


if __name__ == "__main__":
    main()
