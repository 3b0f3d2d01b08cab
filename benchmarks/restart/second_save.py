#!/usr/bin/env python3
"""Second-save probe: is a class file saved again during a restart served?

Launches the benchmark application with the reloader (defaults: standby on, reloader
picked by `auto`), then, for each delay, writes a new version of the controller's class
file, waits for the `Reloading` line, waits the delay, writes another version, and waits
up to --timeout seconds for that second version to be served. Prints, per delay, whether
the second save was served and how long after it was written.

Needs the reloader variant built as run.sh builds it (its target/classes and
target/classpath.txt): `mvn -B -q install -DskipTests`, then `mvn -B -q -f
benchmarks/restart/reloader/pom.xml compile dependency:build-classpath
-Dmdep.outputFile=target/classpath.txt`.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

import bench


def count(log, text):
    log.seek(0)
    return log.read().decode(errors="replace").count(text)


def wait_until(condition, timeout, proc):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if proc.poll() is not None:
            raise RuntimeError(f"application exited with {proc.returncode}")
        time.sleep(0.01)
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--delays", default="0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0,1.1,1.2",
                        help="seconds between the Reloading line and the second save, separated by commas")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for the second version")
    parser.add_argument("--type", default="auto", help="reloader.type")
    args = parser.parse_args()
    delays = [float(d) for d in args.delays.split(",")]

    app = bench.APPS[0]
    variant = bench.Variant("reloader", "reloader", args=[f"--reloader.type={args.type}"]).of(app, 0)
    work = tempfile.mkdtemp(prefix="second-save-")
    versions = bench.compile_variants(app, variant.classpath(), 2 * len(delays) + 1, work)
    target = os.path.join(variant.classes(), app.compiled)
    with open(target, "wb") as f:
        f.write(versions[0][1])
    port = bench.free_port()
    env = dict(os.environ)
    env.pop("RELOADER_RUN_MAIN", None)
    log = tempfile.TemporaryFile()
    cmd = ["java", "-cp", variant.classpath(), app.main, f"--server.port={port}", *variant.args]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    results = []
    try:
        bench.wait_for(port, versions[0][0], 120, proc)
        for i, delay in enumerate(delays):
            # Start from a settled application: every child that started watches
            wait_until(lambda: count(log, "Watching for file changes with ") == count(log, "Reloading") + 1,
                       120, proc)
            time.sleep(1)
            first, second = versions[2 * i + 1], versions[2 * i + 2]
            reloads = count(log, "Reloading")
            with open(target, "wb") as f:
                f.write(first[1])
            wait_until(lambda: count(log, "Reloading") > reloads, 60, proc)
            time.sleep(delay)
            written = time.monotonic()
            with open(target, "wb") as f:
                f.write(second[1])
            served = wait_until(lambda: bench.get(port) == second[0], args.timeout, proc)
            results.append((delay, served, time.monotonic() - written if served else None))
            print(f"second save {delay:.1f} s after the Reloading line: "
                  + (f"served after {results[-1][2]:.2f} s" if served else f"NOT served within {args.timeout:.0f} s"),
                  flush=True)
    except Exception:
        log.seek(0)
        sys.stderr.write(log.read().decode(errors="replace")[-4000:])
        raise
    finally:
        bench.stop(proc)
        with open(target, "wb") as f:
            f.write(versions[0][1])
    lost = [d for d, served, _ in results if not served]
    print(f"{len(results) - len(lost)} of {len(results)} second saves served" + (f"; lost at {lost}" if lost else ""))
    sys.exit(1 if lost else 0)


if __name__ == "__main__":
    main()
