#!/usr/bin/env python3
"""Restart benchmark: the reloader against spring-boot-devtools on the same application.

Two applications: a one-controller Spring MVC application ("small") and a lending library
with Spring Data JPA on H2, Thymeleaf, validation, Caffeine caching and Actuator
("library"). Runs every variant of every application in turn, round after round, at every
think time, on this machine in one run. Each round of a variant launches the application
with `java -cp`, times the cold start (launch to first HTTP answer), then rewrites a
`@RestController`'s class file several times and times each reload (class file written to
the first HTTP answer with the new text). Between reloads it watches the newest standby JVM
(reloader only) and notes when it is ready: its CPU time stops growing. At the end of the
round it reads the resident memory of the whole process tree. Prints a table per
application with median, p90 and min-max, and the ratio of each variant's reload median to
devtools' at the same think time.

Started by run.sh, which builds each application twice (with the starter, with devtools).
"""

import argparse
import json
import os
import re
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


class App:
    """A benchmark application: where its two builds are, and the class the benchmark rewrites."""

    def __init__(self, name, directory, main, source, compiled):
        self.name, self.directory, self.main, self.source, self.compiled = name, directory, main, source, compiled
        self.versions = None


APPS = [
    App("small", HERE, "bench.BenchApplication", "app/src/main/java/bench/GreetingController.java",
        "bench/GreetingController.class"),
    App("library", os.path.join(HERE, "library"), "library.LibraryApplication",
        "app/src/main/java/library/web/ApiController.java", "library/web/ApiController.class"),
]


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


def memory_mb(pid, path, field):
    """A memory figure of a process in MB, from a /proc file whose lines read 'Field:   123 kB'."""
    try:
        with open(f"/proc/{pid}/{path}") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def rss_mb(pid):
    """Resident set size: every page the process has in memory, shared ones included."""
    return memory_mb(pid, "status", "VmRSS")


def pss_mb(pid):
    """Proportional set size: the process's private memory plus its share of the pages it shares with others
    (pages that the running child and the standby both map count once across the two)."""
    return memory_mb(pid, "smaps_rollup", "Pss")


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
        return None


def start_time(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[19])
    except OSError:
        return 0


def compile_variants(app, classpath, count, work):
    """Compile `count` versions of the app's controller, each answering a different text."""
    source = open(os.path.join(app.directory, app.source)).read()
    out = []
    for i in range(count):
        d = os.path.join(work, app.name, f"v{i}")
        os.makedirs(os.path.join(d, "src"))
        src = os.path.join(d, "src", os.path.basename(app.source))
        with open(src, "w") as f:
            f.write(source.replace('"v0"', f'"v{i}"'))
        # The release of the applications' builds: a run on a newer JDK must not leave class
        # files behind that an older one cannot load
        subprocess.run(["javac", "--release", "17", "-proc:none", "-parameters", "-d", os.path.join(d, "classes"),
                        "-cp", classpath, src], check=True)
        with open(os.path.join(d, "classes", app.compiled), "rb") as f:
            out.append((f"v{i}", f.read()))
    return out


def newest_standby(pid):
    found = standbys(pid)
    return max(found, key=start_time) if found else None


def think_and_watch_standby(proc, begin, think, old_standbys, ready):
    """Sleep `think` seconds from now; meanwhile note when the standby started for the next
    restart is ready: its CPU time grew by no more than 2 ticks in 0.5 s. Appends that moment,
    in seconds after `begin` (the change that caused the restart), to `ready`."""
    end = time.monotonic() + think
    watched, samples = None, []
    while time.monotonic() < end:
        standby = newest_standby(proc.pid)
        if standby in old_standbys:
            standby = None
        if standby != watched:
            watched, samples = standby, []
        ticks = cpu_ticks(watched) if watched is not None else None
        if ticks is not None:
            now = time.monotonic()
            samples.append((now, ticks))
            earlier = [sample for sample in samples if now - sample[0] >= 0.5]
            if earlier and ticks - earlier[-1][1] <= 2:
                ready.append(earlier[-1][0] - begin)
                break
        time.sleep(0.1)
    remaining = end - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)


def standbys(pid):
    return {p for p in tree(pid) if "dev.reloader.launch.standby.StandbyMain" in cmdline(p)}


class Variant:
    def __init__(self, name, build, jvm=(), args=(), env=None, fresh_archive=False):
        self.name, self.build, self.jvm, self.args, self.env = name, build, list(jvm), list(args), env or {}
        # Each launch starts with an empty archive cache, as the first launch after a
        # dependency jar changed does
        self.fresh_archive = fresh_archive
        self.app, self.think = None, None
        self.cold, self.reloads, self.rss, self.supervisor_rss, self.standby_rss = [], [], [], [], []
        self.pss = []
        self.standby_ready, self.standby_watched = [], 0
        self.handover_out, self.handover_in = [], []
        # The application's own start after each reload, as Spring Boot logs it
        self.app_starts = []
        self.supervisor_pss, self.standby_pss = [], []

    def of(self, app, think):
        copy = Variant(self.name, self.build, self.jvm, self.args, self.env, self.fresh_archive)
        copy.app, copy.think = app, think
        return copy

    def classes(self):
        return os.path.join(self.app.directory, self.build, "target/classes")

    def classpath(self):
        with open(os.path.join(self.app.directory, self.build, "target/classpath.txt")) as f:
            return self.classes() + os.pathsep + f.read().strip()


def run_round(variant, reloads, timeout):
    versions, think = variant.app.versions, variant.think
    classes = variant.classes()
    target = os.path.join(classes, variant.app.compiled)
    with open(target, "wb") as f:
        f.write(versions[0][1])
    port = free_port()
    env = dict(os.environ)
    env.pop("RELOADER_RUN_MAIN", None)
    env.update(variant.env)
    cache = None
    if variant.fresh_archive:
        cache = tempfile.TemporaryDirectory(prefix="bench-cache-")
        env["XDG_CACHE_HOME"] = cache.name
    cmd = ["java", *variant.jvm, "-cp", variant.classpath(), variant.app.main,
           f"--server.port={port}", *variant.args]
    if "devtools" not in variant.build:
        # The hand-over of the watched files from child to child says what it cost
        cmd.append(f"--logging.level.{HANDOVER_LOGGER}=DEBUG")
    log = tempfile.TemporaryFile()
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        variant.cold.append(wait_for(port, versions[0][0], timeout, proc) - start)
        time.sleep(think)
        for text, data in versions[1:reloads + 1]:
            old_standbys = standbys(proc.pid)
            begin = time.monotonic()
            with open(target, "wb") as f:
                f.write(data)
            variant.reloads.append(wait_for(port, text, timeout, proc) - begin)
            ready = []
            think_and_watch_standby(proc, begin, think, old_standbys, ready)
            if old_standbys:
                variant.standby_watched += 1
                variant.standby_ready.extend(ready)
        pids = tree(proc.pid)
        variant.rss.append(sum(rss_mb(p) for p in pids))
        variant.pss.append(sum(pss_mb(p) for p in pids))
        if len(pids) > 1:
            variant.supervisor_rss.append(rss_mb(proc.pid))
            variant.supervisor_pss.append(pss_mb(proc.pid))
        # The newest standby is the one waiting; older ones have become the application
        standby = newest_standby(proc.pid)
        if standby is not None:
            variant.standby_rss.append(rss_mb(standby))
            variant.standby_pss.append(pss_mb(standby))
    except Exception:
        log.seek(0)
        sys.stderr.write(log.read().decode(errors="replace")[-4000:])
        raise
    finally:
        stop(proc)
        with open(target, "wb") as f:
            f.write(versions[0][1])
        record_handover(variant, log)
        record_starts(variant, log)
        if cache is not None:
            cache.cleanup()


HANDOVER_LOGGER = "dev.reloader.launch.BaselineFile"
HANDOVER = re.compile(r"(Handed over|Compared with) what .* of (\d+) files and (\d+) Watchman clocks in (\d+) ms")


STARTED = re.compile(r"Started \w+ in ([0-9.]+) seconds")


def record_starts(variant, log):
    """Record the application's own start time after each reload (the first start is the cold one)."""
    log.seek(0)
    starts = [float(m.group(1)) for m in STARTED.finditer(log.read().decode(errors="replace"))]
    variant.app_starts.extend(starts[1:])


def record_handover(variant, log):
    """Record what each hand-over of the watched files cost the old child (writing) and the new one (comparing)."""
    log.seek(0)
    for line in log.read().decode(errors="replace").splitlines():
        match = HANDOVER.search(line)
        if match:
            side = variant.handover_out if match.group(1) == "Handed over" else variant.handover_in
            side.append((int(match.group(2)), int(match.group(3)), int(match.group(4))))


def stop(proc):
    """Stop a launched application's whole process tree and wait until every process of it is gone."""
    pids = tree(proc.pid)
    for p in reversed(pids):
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
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{p}") for p in pids[1:]):
        time.sleep(0.05)


def fmt(values):
    if not values:
        return "-"
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def p90(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=4, help="launches per variant")
    parser.add_argument("--reloads", type=int, default=3, help="reloads per launch")
    parser.add_argument("--think", default="5",
                        help="seconds between a new answer and the next change; several separated by ','")
    parser.add_argument("--apps", default="small", help="applications separated by ',': small, library")
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
    kinds = [
        Variant("reloader: polling only", "reloader", args=["--reloader.type=stat", *off]),
        Variant("reloader: + file events", "reloader", args=off),
        Variant("reloader: + C1 JIT", "reloader", args=off[1:]),
        Variant("reloader: + CDS archive", "reloader", args=off[2:]),
        Variant("reloader: + warm standby, no rehearsal", "reloader", args=["--reloader.child.standby-rehearsal=false"]),
        Variant("reloader: + rehearsal (defaults)", "reloader"),
        Variant("reloader: defaults, first launch (no archive yet)", "reloader", fresh_archive=True),
        # The collector and the heap as the JVM picks them, not the optimized launch's
        Variant("reloader: defaults, G1 collector", "reloader", jvm=["-XX:+UseG1GC", "-XX:InitialRAMPercentage=1.5625"]),
        # The archive mapped at a random address, as JDK 17.0.15 and later do by default
        Variant("reloader: defaults, archive relocated", "reloader",
                jvm=["-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=1"]),
        Variant("reloader: defaults, no overlap", "reloader", args=["--reloader.child.overlap=false"]),
        Variant("reloader: defaults, rehearsal only", "reloader", args=["--reloader.child.standby-warmup-rounds=1"]),
        # JDK 24 and later only: the archive without linked classes (JEP 483), as on JDK 17 to 23
        Variant("reloader: defaults, archive without linked classes", "reloader", jvm=["-XX:-AOTClassLinking"]),
        Variant("reloader: + CDS archive, without linked classes", "reloader", jvm=["-XX:-AOTClassLinking"],
                args=off[2:]),
        Variant("reloader: defaults, quiet 200ms", "reloader", args=["--reloader.quiet-period=200ms"]),
        Variant("reloader: defaults, quiet 50ms", "reloader", args=["--reloader.quiet-period=50ms"]),
        Variant("reloader: WebFlux (defaults)", "webflux"),
        Variant("reloader: WebFlux, Netty quiet period 2s", "webflux",
                args=["--spring.reactor.netty.shutdown-quiet-period=2s"]),
        Variant("devtools (defaults)", "devtools"),
        Variant("devtools (tuned: poll 100ms quiet 50ms)", "devtools", args=tuned),
    ]
    if options.variants != "all":
        wanted = options.variants.split("|")
        unknown = [name for name in wanted if name not in [kind.name for kind in kinds]]
        if unknown:
            parser.error(f"unknown variants: {unknown}")
        kinds = [kind for kind in kinds if kind.name in wanted]
    apps = [app for app in APPS if app.name in options.apps.split(",")]
    thinks = [float(think) for think in options.think.split(",")]
    variants = [kind.of(app, think) for app in apps for think in thinks for kind in kinds]
    work = tempfile.mkdtemp(prefix="restart-bench-")
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(options.busy)]
    try:
        for app in apps:
            first = next(v for v in variants if v.app is app)
            app.versions = compile_variants(app, first.classpath(), options.reloads + 1, work)
        for r in range(options.rounds):
            for v in variants:
                run_round(v, options.reloads, options.timeout)
                print(f"round {r + 1}/{options.rounds} {v.app.name}, think {v.think:g}s, {v.name}: "
                      f"cold {v.cold[-1]:.2f}s, reloads " + ", ".join(f"{x:.2f}s" for x in v.reloads[-options.reloads:]),
                      flush=True)
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
        shutil.rmtree(work, ignore_errors=True)

    print()
    busy = f"; {options.busy} spinning processes" if options.busy else ""
    print(f"{os.cpu_count()} cores{busy}; {options.rounds} launches x {options.reloads} reloads per variant and "
          f"think time; seconds: median (min-max); standby ready: seconds from the change to the next standby "
          f"idle, and how many restarts it was ready within the think time")
    for app in apps:
        print()
        print(f"**{app.name}**")
        print()
        print("| think s | variant | cold start s | reload s | reload p90 s | reload / devtools defaults "
              "| reload / devtools tuned | tree RSS MB | tree RSS / devtools defaults | tree PSS MB "
              "| tree PSS / devtools defaults | standby ready s | standby RSS MB |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for think in thinks:
            row = {v.name: v for v in variants if v.app is app and v.think == think}
            dt = row.get("devtools (defaults)")
            dt_tuned = row.get("devtools (tuned: poll 100ms quiet 50ms)")
            for v in row.values():
                med = statistics.median(v.reloads) if v.reloads else None
                r1 = f"{med / statistics.median(dt.reloads):.2f}x" if med and dt and dt.reloads else "-"
                r2 = f"{med / statistics.median(dt_tuned.reloads):.2f}x" if med and dt_tuned and dt_tuned.reloads else "-"
                rss = statistics.median(v.rss) if v.rss else None
                rss_ratio = f"{rss / statistics.median(dt.rss):.2f}x" if rss and dt and dt.rss else "-"
                pss = statistics.median(v.pss) if v.pss else None
                pss_ratio = f"{pss / statistics.median(dt.pss):.2f}x" if pss and dt and dt.pss else "-"
                ready = "-"
                if v.standby_watched:
                    median = f"{statistics.median(v.standby_ready):.1f} " if v.standby_ready else "not "
                    ready = f"{median}({len(v.standby_ready)}/{v.standby_watched})"
                sby = f"{statistics.median(v.standby_rss):.0f}" if v.standby_rss else "-"
                print(f"| {think:g} | {v.name} | {fmt(v.cold)} | {fmt(v.reloads)} | "
                      f"{p90(v.reloads):.2f} | {r1} | {r2} | {rss:.0f} | {rss_ratio} | {pss:.0f} | {pss_ratio} | {ready} | "
                      f"{sby} |")
    print_handover(variants)
    print_starts(variants)
    if options.json:
        with open(options.json, "w") as f:
            json.dump([{"app": v.app.name, "think": v.think, "variant": v.name, "cold": v.cold, "reloads": v.reloads,
                        "rss": v.rss, "pss": v.pss, "supervisor_rss": v.supervisor_rss, "standby_rss": v.standby_rss,
                        "standby_ready": v.standby_ready, "standby_watched": v.standby_watched,
                        "app_starts": v.app_starts, "supervisor_pss": v.supervisor_pss, "standby_pss": v.standby_pss}
                       for v in variants], f, indent=1)


def print_starts(variants):
    rows = [v for v in variants if v.app_starts]
    if not rows:
        return
    print()
    print("**where a reload goes** (s; the application's own start after a reload as Spring Boot logs it, and the "
          "rest of the reload: the change noticed, the old child handing over, the new JVM up to the application's "
          "start, the first answer; memory of the supervisor and of the waiting standby)")
    print()
    print("| app | think s | variant | reload s | application start s | rest s | supervisor PSS MB "
          "| standby PSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    for v in rows:
        reload = statistics.median(v.reloads) if v.reloads else None
        start = statistics.median(v.app_starts)
        rest = f"{reload - start:.2f}" if reload else "-"
        sup = f"{statistics.median(v.supervisor_pss):.0f}" if v.supervisor_pss else "-"
        sby = f"{statistics.median(v.standby_pss):.0f}" if v.standby_pss else "-"
        print(f"| {v.app.name} | {v.think:g} | {v.name} | {fmt(v.reloads)} | {fmt(v.app_starts)} | {rest} "
              f"| {sup} | {sby} |")


def print_handover(variants):
    rows = [v for v in variants if v.handover_out or v.handover_in]
    if not rows:
        return
    print()
    print("**hand-over of the watched files** (ms; the old child writes while its context closes, the new one "
          "compares on its reloader's thread once it answers; the supervisor's first look counts as a write)")
    print()
    print("| app | think s | variant | files | clocks | write ms | compare ms |")
    print("|---|---|---|---|---|---|---|")
    for v in rows:
        sample = (v.handover_out or v.handover_in)[-1]
        out = fmt([float(t) for _, _, t in v.handover_out]) if v.handover_out else "-"
        into = fmt([float(t) for _, _, t in v.handover_in]) if v.handover_in else "-"
        print(f"| {v.app.name} | {v.think:g} | {v.name} | {sample[0]} | {sample[1]} | {out} | {into} |")


if __name__ == "__main__":
    main()
