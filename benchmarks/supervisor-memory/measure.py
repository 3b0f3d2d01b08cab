#!/usr/bin/env python3
"""The supervisor's memory, and the whole process tree's, once the application runs.

Launches an application with `java -cp` under the reloader (the launched JVM becomes the
supervisor), waits until it answers over HTTP, until a standby has started, and until every
process of the tree has been idle for a while (the supervisor has trimmed its heap, the
class-data archive is built, the standby has warmed up), then a little longer (--after).
Then reads, from /proc, the proportional set size (PSS: private pages, plus each shared page
divided among the processes that map it, such as the JDK's class-data archive) and the
resident set size (RSS: every page in memory, shared ones in full) of the supervisor and of
the tree, and stops the tree with SIGTERM to the supervisor.

One launch first, not counted, builds the class-data archive in a cache directory of its
own, so that each counted launch starts from the same state. Prints one line per launch,
then the medians as a table row. --breakdown adds what the supervisor's memory is made of,
from `jcmd` (native memory tracking is turned on for that launch only, since it costs
memory itself, and the children inherit the option).

Started by run.sh, which builds the class path.
"""

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

STANDBY_MAIN = "dev.reloader.launch.standby.StandbyMain"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
            return response.status == 200
    except Exception:
        return False


def tree(pid):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except OSError:
                pass
    result, todo = [], [pid]
    while todo:
        p = todo.pop()
        result.append(p)
        todo.extend(children.get(p, []))
    return result


def memory_mb(pid, path, field):
    """A memory figure of a process in MiB, from a /proc file whose lines read 'Field:   123 kB'."""
    try:
        with open(f"/proc/{pid}/{path}") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def pss_mb(pid):
    return memory_mb(pid, "smaps_rollup", "Pss")


def rss_mb(pid):
    return memory_mb(pid, "smaps_rollup", "Rss")


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def cpu_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])
    except OSError:
        return 0


def wait_until_settled(proc, port, idle, timeout):
    """Wait until the application answers, a standby exists, and the tree used at most a
    few ticks of CPU time in `idle` seconds."""
    deadline = time.monotonic() + timeout
    while not answers(port):
        if proc.poll() is not None:
            raise RuntimeError(f"the supervisor exited with {proc.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"no answer within {timeout}s")
        time.sleep(0.1)
    samples = []
    while time.monotonic() < deadline:
        pids = tree(proc.pid)
        now = time.monotonic()
        samples.append((now, {p: cpu_ticks(p) for p in pids}))
        earlier = [sample for sample in samples if now - sample[0] >= idle]
        standby = any(STANDBY_MAIN in cmdline(p) for p in pids)
        if earlier and standby:
            before = earlier[-1][1]
            # A process that appeared meanwhile counts all its time
            used = sum(ticks - before.get(p, 0) for p, ticks in samples[-1][1].items())
            if used <= 2 * len(pids):
                return
        time.sleep(0.25)
    raise RuntimeError(f"the process tree did not settle within {timeout}s")


def stop(proc):
    pids = tree(proc.pid)
    try:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{p}") for p in pids[1:]):
        time.sleep(0.05)


def jcmd(pid, *command):
    result = subprocess.run(["jcmd", str(pid), *command], capture_output=True, text=True)
    return result.stdout


def breakdown(pid):
    print(f"\nsupervisor (pid {pid}): /proc/{pid}/smaps_rollup")
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.split(":")[0] in ("Rss", "Pss", "Pss_Anon", "Pss_File", "Shared_Clean", "Private_Dirty"):
                print("  " + line.strip())
    print("\nnative memory tracking, committed (KB):")
    for line in jcmd(pid, "VM.native_memory", "summary").splitlines():
        stripped = line.strip()
        if stripped.startswith("-") and "committed=" in stripped or stripped.startswith("Total:") \
                or stripped.startswith("(classes") or stripped.startswith("(thread #") \
                or stripped.startswith("(malloc=") and "peak" in stripped:
            print("  " + stripped)
    print("\n" + jcmd(pid, "GC.heap_info").split("\n", 1)[1].rstrip())
    loaders = [line.strip() for line in jcmd(pid, "VM.metaspace", "show-loaders").splitlines()
               if ": CLD " in line and "hidden class" not in line]
    print("\nclass loaders:\n  " + "\n  ".join(loaders))
    threads = [line.split('"')[1] for line in jcmd(pid, "Thread.print").splitlines() if line.startswith('"')]
    print(f"\n{len(threads)} threads: " + ", ".join(threads))


def measure(options, cache, breakdown_launch=False):
    port = free_port()
    env = dict(os.environ)
    env.pop("RELOADER_RUN_MAIN", None)
    jvm = [*options.jvm]
    if breakdown_launch:
        jvm.append("-XX:NativeMemoryTracking=summary")
    with open(options.class_path_file) as f:
        class_path = f.read().strip()
    command = ["java", *jvm, "-cp", class_path, options.main, f"--server.port={port}",
               f"--reloader.child.cache-directory={cache}", *options.args]
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        wait_until_settled(proc, port, options.idle, options.timeout)
        time.sleep(options.after)
        pids = tree(proc.pid)
        figures = {
            "supervisor PSS": pss_mb(proc.pid), "supervisor RSS": rss_mb(proc.pid),
            "tree PSS": sum(pss_mb(p) for p in pids), "tree RSS": sum(rss_mb(p) for p in pids),
            "processes": len(pids),
        }
        if breakdown_launch:
            breakdown(proc.pid)
        return figures
    except Exception:
        log.seek(0)
        sys.stderr.write(log.read().decode(errors="replace")[-4000:])
        raise
    finally:
        stop(proc)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--class-path-file", required=True)
    parser.add_argument("--main", default="library.LibraryApplication")
    parser.add_argument("--label", default="")
    parser.add_argument("--rounds", type=int, default=3, help="counted launches")
    parser.add_argument("--idle", type=float, default=3.0, help="seconds the tree must be idle before a reading")
    parser.add_argument("--after", type=float, default=12.0,
                        help="seconds to wait once the tree is idle, before a reading (the supervisor trims its C heap "
                             "every 10 s)")
    parser.add_argument("--timeout", type=float, default=180.0)
    parser.add_argument("--breakdown", action="store_true",
                        help="one more launch that prints what the supervisor's memory is made of")
    parser.add_argument("--jvm", action="append", default=[], help="an option of the launched JVM (repeatable)")
    parser.add_argument("args", nargs="*", help="application arguments, after --")
    options = parser.parse_args()

    cache = tempfile.mkdtemp(prefix="supervisor-memory-")
    try:
        measure(options, cache)
        rounds = []
        for r in range(options.rounds):
            figures = measure(options, cache)
            rounds.append(figures)
            print(f"launch {r + 1}/{options.rounds}: " + ", ".join(
                f"{name} {value:.0f}" + ("" if name == "processes" else " MiB") for name, value in figures.items()),
                flush=True)
        if options.breakdown:
            measure(options, cache, breakdown_launch=True)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    names = ["supervisor PSS", "supervisor RSS", "tree PSS", "tree RSS"]
    print()
    print("| reloader | " + " | ".join(f"{name} MiB" for name in names) + " |")
    print("|---" * (len(names) + 1) + "|")
    print(f"| {options.label} | " + " | ".join(
        f"{statistics.median(r[name] for r in rounds):.0f} ({min(r[name] for r in rounds):.0f}-"
        f"{max(r[name] for r in rounds):.0f})" for name in names) + " |")


if __name__ == "__main__":
    main()
