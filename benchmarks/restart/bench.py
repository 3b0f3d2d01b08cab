#!/usr/bin/env python3
"""Restart benchmark: the reloader against spring-boot-devtools on the same application.

Runs every variant in turn, round after round, on this machine in one run. Each round of a
variant launches the application with `java -cp`, times the cold start (launch to first HTTP
answer), then rewrites the controller's class file several times and times each reload
(class file written to the first HTTP answer with the new text), and reads the resident
memory of the whole process tree. Prints a table with median/min/max per variant and the
ratio of each variant's reload median to devtools'.

Started by run.sh, which builds the application twice (with the starter, with devtools).
"""

import argparse
import json
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

HERE = os.path.dirname(os.path.abspath(__file__))
CLASS = "bench/GreetingController.class"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
            return r.read().decode()
    except Exception:
        return None


def wait_for(port, text, timeout, proc):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if get(port) == text:
            return time.monotonic()
        if proc.poll() is not None:
            raise RuntimeError(f"application exited with {proc.returncode}")
        time.sleep(0.01)
    raise RuntimeError(f"no answer '{text}' within {timeout}s")


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


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def start_time(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[19])
    except OSError:
        return 0


def compile_variants(classpath, count, work):
    """Compile `count` versions of the controller, each answering a different text."""
    source = open(os.path.join(HERE, "app/src/main/java/bench/GreetingController.java")).read()
    out = []
    for i in range(1, count + 1):
        d = os.path.join(work, f"v{i}")
        os.makedirs(os.path.join(d, "src/bench"))
        src = os.path.join(d, "src/bench/GreetingController.java")
        with open(src, "w") as f:
            f.write(source.replace('"v0"', f'"v{i}"'))
        subprocess.run(["javac", "-proc:none", "-d", os.path.join(d, "classes"), "-cp", classpath, src], check=True)
        with open(os.path.join(d, "classes", CLASS), "rb") as f:
            out.append((f"v{i}", f.read()))
    return out


class Variant:
    def __init__(self, name, build, jvm=(), args=(), env=None):
        self.name, self.build, self.jvm, self.args, self.env = name, build, list(jvm), list(args), env or {}
        self.cold, self.reloads, self.rss, self.supervisor_rss, self.standby_rss = [], [], [], [], []

    def classes(self):
        return os.path.join(HERE, self.build, "target/classes")

    def classpath(self):
        with open(os.path.join(HERE, self.build, "target/classpath.txt")) as f:
            return self.classes() + os.pathsep + f.read().strip()


def run_round(variant, versions, reloads, think, timeout):
    classes = variant.classes()
    target = os.path.join(classes, CLASS)
    with open(target, "wb") as f:
        f.write(versions[0][1])
    port = free_port()
    env = dict(os.environ)
    env.pop("RELOADER_RUN_MAIN", None)
    env.update(variant.env)
    cmd = ["java", *variant.jvm, "-cp", variant.classpath(), "bench.BenchApplication",
           f"--server.port={port}", *variant.args]
    log = tempfile.TemporaryFile()
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        variant.cold.append(wait_for(port, versions[0][0], timeout, proc) - start)
        for text, data in versions[1:reloads + 1]:
            time.sleep(think)
            begin = time.monotonic()
            with open(target, "wb") as f:
                f.write(data)
            variant.reloads.append(wait_for(port, text, timeout, proc) - begin)
        time.sleep(think)
        pids = tree(proc.pid)
        variant.rss.append(sum(rss_mb(p) for p in pids))
        if len(pids) > 1:
            variant.supervisor_rss.append(rss_mb(proc.pid))
        standbys = [p for p in pids if "dev.reloader.launch.standby.StandbyMain" in cmdline(p)]
        if standbys:
            # The newest standby is the one waiting; older ones have become the application
            variant.standby_rss.append(rss_mb(max(standbys, key=start_time)))
    except Exception:
        log.seek(0)
        sys.stderr.write(log.read().decode(errors="replace")[-4000:])
        raise
    finally:
        for p in reversed(tree(proc.pid)):
            try:
                os.kill(p, signal.SIGTERM)
            except OSError:
                pass
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        # Wait for every process of the tree (a devtools or reloader child) to be gone
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(os.path.exists(f"/proc/{p}") for p in tree(proc.pid)[1:]):
            time.sleep(0.05)
        with open(target, "wb") as f:
            f.write(versions[0][1])


def fmt(values):
    if not values:
        return "-"
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=4, help="launches per variant")
    parser.add_argument("--reloads", type=int, default=3, help="reloads per launch")
    parser.add_argument("--think", type=float, default=5.0, help="seconds between a new answer and the next change")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--variants", default="all", help="variant names separated by '|', or 'all'")
    parser.add_argument("--json", help="also write the raw figures to this file")
    parser.add_argument("--busy", type=int, default=0,
                        help="keep this many processes spinning at normal priority during the run, "
                             "as a busy machine (an IDE indexing, a build) would")
    options = parser.parse_args()

    tuned = ["--spring.devtools.restart.poll-interval=100ms", "--spring.devtools.restart.quiet-period=50ms"]
    off = ["--reloader.child.optimized-launch=false", "--reloader.child.class-data-sharing=false",
           "--reloader.child.standby=false"]
    variants = [
        Variant("reloader: polling only", "reloader", args=["--reloader.type=stat", *off]),
        Variant("reloader: + file events", "reloader", args=off),
        Variant("reloader: + C1 JIT", "reloader", args=off[1:]),
        Variant("reloader: + CDS archive", "reloader", args=off[2:]),
        Variant("reloader: + warm standby (defaults)", "reloader"),
        Variant("reloader: defaults, quiet 200ms", "reloader", args=["--reloader.quiet-period=200ms"]),
        Variant("reloader: defaults, quiet 50ms", "reloader", args=["--reloader.quiet-period=50ms"]),
        Variant("devtools (defaults)", "devtools"),
        Variant("devtools (tuned: poll 100ms quiet 50ms)", "devtools", args=tuned),
    ]
    if options.variants != "all":
        wanted = options.variants.split("|")
        variants = [v for v in variants if v.name in wanted]
    work = tempfile.mkdtemp(prefix="restart-bench-")
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(options.busy)]
    try:
        versions = compile_variants(variants[0].classpath(), options.reloads + 1, work)
        for r in range(options.rounds):
            for v in variants:
                run_round(v, versions, options.reloads, options.think, options.timeout)
                print(f"round {r + 1}/{options.rounds} {v.name}: cold {v.cold[-1]:.2f}s, reloads "
                      + ", ".join(f"{x:.2f}s" for x in v.reloads[-options.reloads:]), flush=True)
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
        shutil.rmtree(work, ignore_errors=True)

    baseline = {v.name: statistics.median(v.reloads) for v in variants if v.reloads}
    default_dt = baseline.get("devtools (defaults)")
    tuned_dt = baseline.get("devtools (tuned: poll 100ms quiet 50ms)")
    print()
    busy = f"; {options.busy} spinning processes" if options.busy else ""
    print(f"{os.cpu_count()} cores{busy}; {options.rounds} launches x {options.reloads} reloads per variant, "
          f"{options.think:g} s between an answer and the next change; seconds: median (min-max)")
    print()
    print("| variant | cold start s | reload s | reload / devtools defaults | reload / devtools tuned | tree RSS MB | supervisor RSS MB | standby RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    for v in variants:
        med = statistics.median(v.reloads) if v.reloads else None
        r1 = f"{med / default_dt:.2f}x" if med and default_dt else "-"
        r2 = f"{med / tuned_dt:.2f}x" if med and tuned_dt else "-"
        sup = f"{statistics.median(v.supervisor_rss):.0f}" if v.supervisor_rss else "-"
        sby = f"{statistics.median(v.standby_rss):.0f}" if v.standby_rss else "-"
        print(f"| {v.name} | {fmt(v.cold)} | {fmt(v.reloads)} | {r1} | {r2} | {statistics.median(v.rss):.0f} | {sup} | {sby} |")
    if options.json:
        with open(options.json, "w") as f:
            json.dump({v.name: {"cold": v.cold, "reloads": v.reloads, "rss": v.rss,
                                "supervisor_rss": v.supervisor_rss, "standby_rss": v.standby_rss}
                       for v in variants}, f, indent=1)


if __name__ == "__main__":
    main()
