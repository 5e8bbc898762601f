#!/usr/bin/env python3
"""Measures start-up time and idle memory of Tauri apps that print a start-up probe line.

Each app is started with BILLKEEP_STARTUP_PROBE=1 and a fresh data directory (or a copy of a seeded
one); it prints `startup-probe ready <epoch ms>` once its UI is painted: Billkeep after its first data
load (the accounts list), the bare shell after its first frame. Time to first paint is that
moment minus the moment of exec. After an idle period, the memory of the whole process tree (the
app, WebKitWebProcess, WebKitNetworkProcess…) is read from /proc: RSS and PSS (PSS splits shared
pages fairly between processes, so it is the honest total). Runs alternate between the apps so
drift on a noisy machine hits both alike; the table shows medians and the ratio to the baseline,
which is the last app named.
"""

import argparse
import json
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time


def children_of(pid):
    """Every descendant of pid, read from /proc."""
    parents = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces; fields after the closing parenthesis are fixed.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def memory_kib(pid):
    """(RSS, PSS) of one process in KiB, or (0, 0) if it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line and line[0].isupper())
        return int(fields["Rss"].split()[0]), int(fields["Pss"].split()[0])
    except (OSError, KeyError, ValueError):
        return 0, 0


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"


def measure_once(binary, idle_s, timeout_s, seed=None):
    data_dir = tempfile.mkdtemp(prefix="billkeep-bench-")
    if seed:
        # Each run gets its own copy of the seeded data, so runs do not change each other's data.
        shutil.rmtree(data_dir)
        shutil.copytree(seed, data_dir)
    env = dict(os.environ, BILLKEEP_STARTUP_PROBE="1", BILLKEEP_DATA_DIR=data_dir)
    started = time.time()
    proc = subprocess.Popen(
        [binary], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        ready_ms = None
        phases = {}
        deadline = started + timeout_s
        while ready_ms is None and time.time() < deadline:
            readable, _, _ = select.select([proc.stdout], [], [], 0.5)
            if not readable:
                if proc.poll() is not None:
                    raise RuntimeError(f"{binary} exited with {proc.returncode} before painting")
                continue
            line = proc.stdout.readline()
            if line.startswith("startup-probe phases "):
                at = json.loads(line.split(" ", 2)[2])
                phases = {name: ms - started * 1000 for name, ms in at.items()}
                # The ready line follows at once (and may already sit in this reader's buffer,
                # where select() cannot see it).
                line = proc.stdout.readline()
            if line.startswith("startup-probe ready "):
                ready_ms = int(line.split()[2])
        if ready_ms is None:
            raise RuntimeError(f"{binary} did not report a first paint within {timeout_s} s")
        time.sleep(idle_s)
        pids = [proc.pid] + children_of(proc.pid)
        per_process = {pid: memory_kib(pid) for pid in pids}
        rss = sum(r for r, _ in per_process.values())
        pss = sum(p for _, p in per_process.values())
        names = sorted(f"{comm(pid)} {per_process[pid][1] / 1024:.0f}" for pid in pids)
        return ready_ms - started * 1000, rss / 1024, pss / 1024, names, phases
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(data_dir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs per app (default 5)")
    parser.add_argument("--idle", type=float, default=5, help="seconds idle before memory (default 5)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds to wait for a paint")
    parser.add_argument("apps", nargs="+", help="name=path[:seed data dir]; the last one is the baseline")
    args = parser.parse_args()
    apps = []
    for spec in args.apps:
        name, rest = spec.split("=", 1)
        binary, _, seed = rest.partition(":")
        apps.append((name, (binary, seed or None)))
    results = {name: [] for name, _ in apps}
    timelines = {name: [] for name, _ in apps}
    processes = {}
    # One unmeasured warm-up run each, so the first measured run is not paying for page cache.
    for name, (binary, seed) in apps:
        measure_once(binary, 0, args.timeout, seed)
    for i in range(args.runs):
        order = apps if i % 2 == 0 else list(reversed(apps))
        for name, (binary, seed) in order:
            start_ms, rss, pss, names, phases = measure_once(binary, args.idle, args.timeout, seed)
            results[name].append((start_ms, rss, pss))
            timelines[name].append(phases)
            processes[name] = names
            print(f"  run {i + 1}: {name:<12} {start_ms:7.0f} ms  RSS {rss:6.1f} MiB  PSS {pss:6.1f} MiB",
                  file=sys.stderr)

    def medians(name):
        rows = results[name]
        return tuple(statistics.median(r[k] for r in rows) for k in range(3))

    base_name = apps[-1][0]
    base = medians(base_name)
    print(f"\nstart-up: median of {args.runs} runs, memory after {args.idle:g} s idle "
          f"(all processes of the app)\n")
    print(f"| {'app':<12} | {'ready (ms)':>16} | {'RSS (MiB)':>9} | {'PSS (MiB)':>9} | processes (PSS MiB, last run)")
    print(f"|{'-' * 14}|{'-' * 18}|{'-' * 11}|{'-' * 11}|{'-' * 11}")
    for name, _ in apps:
        start, rss, pss = medians(name)
        print(f"| {name:<12} | {start:16.0f} | {rss:9.1f} | {pss:9.1f} | {', '.join(processes[name])}")
    for name, _ in apps[:-1]:
        start, rss, pss = medians(name)
        print(f"| {'ratio':<12} | {start / base[0]:15.2f}x | {rss / base[1]:8.2f}x | {pss / base[2]:8.2f}x "
              f"| {name} / {base_name}")


    print_phases(apps, timelines, args.runs)


# The moments of a start, in the order they usually come; each is ms after exec. Rust marks them
# (process, Tauri setup, page load, IPC received, database and vault) or the webview does
# (Performance API navigation and paint entries, and the UI's own marks).
PHASES = [
    ("process_start", "process started (main)"),
    ("tauri_setup", "Tauri setup hook"),
    ("tauri_setup_done", "Tauri setup hook done"),
    ("page_load_started", "webview: page load started"),
    ("navigation_start", "webview: navigation start"),
    ("html_received", "webview: HTML received"),
    ("script_start", "webview: app script runs"),
    ("dom_content_loaded", "webview: DOMContentLoaded"),
    ("first_paint", "webview: first paint"),
    ("first_contentful_paint", "webview: first contentful paint"),
    ("mounted", "UI mounted"),
    ("load_called", "UI: first data load starts"),
    ("first_ipc_received", "first IPC received (Rust)"),
    ("vault_open_begun", "vault: opening begun"),
    ("db_opened", "vault: database opened/migrated"),
    ("vault_opened", "vault: key from the keyring"),
    ("first_ipc_answered", "first IPC answered (webview)"),
    ("accounts_answered", "accounts' IPC answered (webview)"),
    ("accounts_loaded", "accounts data loaded"),
    ("accounts_rendered", "accounts in the DOM (rendered)"),
    ("page_load_finished", "webview: page load finished"),
    ("accounts_painted", "accounts painted (ready)"),
]


def print_phases(apps, timelines, runs):
    names = [name for name, _ in apps]
    print(f"\nstart-up timeline: ms after exec, median of {runs} runs (- : the app has no such moment)\n")
    print("| moment | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for key, label in PHASES:
        cells = []
        for name in names:
            values = [t[key] for t in timelines[name] if key in t]
            cells.append(f"{statistics.median(values):.0f}" if values else "-")
        if any(c != "-" for c in cells):
            print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
