#!/usr/bin/env python3
"""Standby benchmark: times a warm standby child alone, from "go" to the first HTTP answer.

Plays the supervisor for one standby at a time: opens a Unix-domain socket of its own,
starts `dev.reloader.launch.standby.StandbyMain` with the benchmark application (as the supervisor
does, with the same environment variables), waits until the standby has connected and its
warm-up is over (no CPU used for half a second, and at least --settle seconds after the
start), sends go, and times go -> "Starting" log line, go -> "Started" log line and
go -> first HTTP answer. It also reads the CPU time of the standby's main thread and of its
C1 compiler thread in that window, and the standby's RSS before go.

Variants are sets of JVM options for the standby; they alternate round after round in one
run, so that the noise of the machine falls on all of them alike. Build first with run.sh
(or `mvn install` and the benchmark application's `compile dependency:build-classpath`).

Example: --variant "c1=-XX:TieredStopAtLevel=1" --variant "tiered="
"""

import argparse
import os
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request

from bench import free_port, rss_mb

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = "bench.BenchApplication"


def answers(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
            return r.status == 200
    except Exception:
        return False


def cpu_ticks(path):
    with open(path) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def thread_ticks(pid):
    """CPU ticks per thread name (numbers stripped), summed."""
    result = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                raw = f.read()
        except OSError:
            continue
        name = raw[raw.index("(") + 1:raw.rindex(")")].rstrip("0123456789#")
        result[(tid, name)] = cpu_ticks(f"/proc/{pid}/task/{tid}/stat")
    return result


def classpath(archive):
    classes = os.path.join(HERE, "reloader/target/classes")
    with open(os.path.join(HERE, "reloader/target/classpath.txt")) as f:
        jars = f.read().strip()
    # With an archive, jars come first, as the supervisor puts them
    return jars + os.pathsep + classes if archive else classes + os.pathsep + jars


def run_once(jvm, archive, warmup_rounds, settle, timeout):
    directory = tempfile.mkdtemp(prefix="standby-bench-")
    address = os.path.join(directory, "supervisor.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(address)
    server.listen(8)
    connections = []

    def accept():
        while True:
            try:
                connections.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    port = free_port()
    env = dict(os.environ)
    env.update(RELOADER_CHANNEL=address, RELOADER_RUN_MAIN="true", RELOADER_SUPERVISOR_PID=str(os.getpid()),
               RELOADER_STANDBY_WARMUP_ROUNDS=str(warmup_rounds))
    options = list(jvm)
    if archive:
        options += [f"-XX:SharedArchiveFile={archive}", "-Xshare:auto"]
    cmd = ["java", *options, "-cp", classpath(archive), "dev.reloader.launch.standby.StandbyMain", MAIN,
           f"--server.port={port}"]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=HERE, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    lines = []

    def read():
        for raw in proc.stdout:
            lines.append((time.monotonic(), raw.decode(errors="replace")))

    threading.Thread(target=read, daemon=True).start()

    def check():
        if proc.poll() is not None:
            raise RuntimeError("standby exited: " + "".join(line for _, line in lines)[-3000:])
        if time.monotonic() - start > timeout:
            raise RuntimeError("timed out: " + "".join(line for _, line in lines)[-3000:])

    try:
        while not connections:
            check()
            time.sleep(0.01)
        last, quiet = cpu_ticks(f"/proc/{proc.pid}/stat"), 0
        while quiet < 2 or time.monotonic() - start < settle:
            check()
            time.sleep(0.25)
            now = cpu_ticks(f"/proc/{proc.pid}/stat")
            quiet = quiet + 1 if now - last <= 2 else 0
            last = now
        rss = rss_mb(proc.pid)
        before = thread_ticks(proc.pid)
        seen = len(lines)
        go = time.monotonic()
        connections[0].sendall(b"go\tdev.reloader.restart-count=1\n")
        while not answers(port):
            check()
            time.sleep(0.005)
        answer = time.monotonic()
        after = thread_ticks(proc.pid)
        time.sleep(0.3)
        cpu = {}
        for (tid, name), ticks in after.items():
            cpu[name] = cpu.get(name, 0) + (ticks - before.get((tid, name), 0)) * 10

        def mark(text):
            return next((t - go for t, line in lines[seen:] if text in line), None)

        return {"starting": mark("Starting BenchApplication"), "started": mark("Started BenchApplication"),
                "answer": answer - go, "main_cpu": cpu.get("java", 0), "c1_cpu": cpu.get("C1 CompilerThre", 0),
                "rss": rss}
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except OSError:
            pass
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        server.close()
        for connection in connections:
            connection.close()


def fmt(values, scale=1000):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    return f"{statistics.median(values) * scale:.0f} ({min(values) * scale:.0f}-{max(values) * scale:.0f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=6, help="standbys per variant")
    parser.add_argument("--variant", action="append", required=True,
                        help="NAME=JVM OPTIONS (space separated, may be empty); repeat for each variant")
    parser.add_argument("--warmup-rounds", type=int, default=2, help="the standby's warm-up rounds")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds from start before go, at least")
    parser.add_argument("--archive", help="a class-data sharing archive of the jars (from ~/.cache/reloader/cds)")
    parser.add_argument("--timeout", type=float, default=60.0)
    options = parser.parse_args()
    variants = []
    for spec in options.variant:
        name, _, jvm = spec.partition("=")
        variants.append((name, jvm.split()))
    results = {name: [] for name, _ in variants}
    for r in range(options.rounds):
        for name, jvm in variants:
            x = run_once(jvm, options.archive, options.warmup_rounds, options.settle, options.timeout)
            results[name].append(x)
            print(f"round {r + 1}/{options.rounds} {name}: go->answer {x['answer'] * 1000:.0f} ms, "
                  f"main CPU {x['main_cpu']} ms, C1 CPU {x['c1_cpu']} ms", flush=True)
    print()
    print(f"{os.cpu_count()} cores; {options.rounds} standbys per variant; ms after go: median (min-max)")
    print()
    print("| variant | go->Starting | go->Started | go->first answer | main thread CPU | C1 CPU | standby RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for name, _ in variants:
        xs = results[name]
        print(f"| {name} | {fmt([x['starting'] for x in xs])} | {fmt([x['started'] for x in xs])} | "
              f"{fmt([x['answer'] for x in xs])} | {fmt([x['main_cpu'] for x in xs], 1)} | "
              f"{fmt([x['c1_cpu'] for x in xs], 1)} | {statistics.median(x['rss'] for x in xs):.0f} |")


if __name__ == "__main__":
    main()
