#!/usr/bin/env python3
"""Containers at development time across reloads, counted by the Docker Engine's events.

Compiles a one-controller Spring MVC application whose development main class adds a
`@Bean GenericContainer` (SpringApplication.from(DemoApplication::main).with(ContainersConfig.class)),
launches it with `java -cp` under the reloader, rewrites the controller several times and
times each reload (class file written to the first answer with the new text). Counts the
containers created, the containers created or started during the reloads, the distinct
container ids the application served, and the containers left after SIGTERM to the
supervisor. Without --container, the same application has no container bean.

Needs a Docker Engine with the image reloader-test/busybox:1 (.ci/install-docker.sh) and is
started by run.sh, which builds the class path.
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
import uuid

IMAGE = "reloader-test/busybox:1"

APPLICATION = """
package com.example.reload;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class DemoApplication {

	public static void main(String[] args) {
		SpringApplication.run(DemoApplication.class, args);
	}

}
"""

CONTROLLER = """
package com.example.reload;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class GreetingController {

	private final ObjectProvider<org.testcontainers.containers.GenericContainer<?>> container;

	GreetingController(ObjectProvider<org.testcontainers.containers.GenericContainer<?>> container) {
		this.container = container;
	}

	@GetMapping("/")
	String greeting() {
		return "VERSION";
	}

	@GetMapping("/container")
	String container() {
		org.testcontainers.containers.GenericContainer<?> container = this.container.getIfAvailable();
		return (container != null) ? container.getContainerId() : "none";
	}

}
"""

CONTAINERS = """
package com.example.dev;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

@TestConfiguration(proxyBeanMethods = false)
public class ContainersConfig {

	@Bean
	GenericContainer<?> web(@Value("${bench.run}") String run) {
		return new GenericContainer<>(DockerImageName.parse("IMAGE")).withExposedPorts(80).withLabel("bench.run", run);
	}

}
""".replace("IMAGE", IMAGE)

NO_CONTAINERS = """
package com.example.dev;

import org.springframework.boot.test.context.TestConfiguration;

@TestConfiguration(proxyBeanMethods = false)
public class ContainersConfig {

}
"""

DEV_APPLICATION = """
package com.example.dev;

import com.example.reload.DemoApplication;

import org.springframework.boot.SpringApplication;

public class TestDemoApplication {

	public static void main(String[] args) {
		SpringApplication.from(DemoApplication::main).with(ContainersConfig.class).run(args);
	}

}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as r:
            return r.read().decode()
    except Exception:
        return None


def wait_for(port, text, deadline=120):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if get(port, "/") == text:
            return time.monotonic()
        time.sleep(0.02)
    raise SystemExit(f"no answer {text!r} within {deadline} s")


def write(root, name, code):
    path = os.path.join(root, "src", name.replace(".", "/") + ".java")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(code)
    return path


def javac(classes, class_path, files):
    subprocess.run(["javac", "-proc:none", "-parameters", "-d", classes, "-cp", class_path, *files], check=True)


def docker(*arguments):
    return subprocess.run(["docker", *arguments], check=True, capture_output=True, text=True).stdout.split()


def events(since, until, run):
    out = subprocess.run(["docker", "events", "--since", f"{since:.6f}", "--until", f"{until:.6f}", "--filter",
                          "type=container", "--filter", f"label=bench.run={run}", "--format", "{{.Action}}"],
                         check=True, capture_output=True, text=True).stdout.split()
    return out


def measure(args, class_path):
    run = str(uuid.uuid4())
    root = tempfile.mkdtemp(prefix="containers-bench-")
    classes = os.path.join(root, "classes")
    os.makedirs(classes)
    files = [write(root, "com.example.reload.DemoApplication", APPLICATION),
             write(root, "com.example.dev.ContainersConfig", CONTAINERS if args.container else NO_CONTAINERS),
             write(root, "com.example.dev.TestDemoApplication", DEV_APPLICATION),
             write(root, "com.example.reload.GreetingController", CONTROLLER.replace("VERSION", "v1"))]
    full = classes + os.pathsep + class_path
    javac(classes, full, files)
    port = free_port()
    env = dict(os.environ, TESTCONTAINERS_RYUK_DISABLED="true", TESTCONTAINERS_HOST_OVERRIDE="127.0.0.1",
               XDG_CACHE_HOME=os.path.join(root, "cache"))
    command = ["java", "-cp", full, "com.example.dev.TestDemoApplication", f"--server.port={port}",
               f"--bench.run={run}", f"--reloader.child.standby={'true' if args.standby else 'false'}"]
    start = time.time()
    log = open(os.path.join(root, "output.log"), "w")
    supervisor = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        t0 = time.monotonic()
        wait_for(port, "v1")
        first = time.monotonic() - t0
        served = {get(port, "/container")}
        reload_start = time.time()
        reloads = []
        for version in range(2, args.reloads + 2):
            time.sleep(args.think)
            source = write(root, "com.example.reload.GreetingController",
                           CONTROLLER.replace("VERSION", f"v{version}"))
            javac(classes, full, [source])
            written = time.monotonic()
            reloads.append(wait_for(port, f"v{version}") - written)
            served.add(get(port, "/container"))
        reload_end = time.time()
        supervisor.send_signal(signal.SIGTERM)
        supervisor.wait(timeout=60)
        end = time.time()
        everything = events(start, end, run)
        during = events(reload_start, reload_end, run)
        left = docker("ps", "--all", "--quiet", "--filter", f"label=bench.run={run}")
        return {
            "first": first, "reloads": reloads, "created": everything.count("create"),
            "served": len(served), "created_during": during.count("create"), "started_during": during.count("start"),
            "left": len(left),
        }
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
        left = docker("ps", "--all", "--quiet", "--filter", f"label=bench.run={run}")
        if left:
            subprocess.run(["docker", "rm", "--force", *left], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--class-path-file", required=True, help="file with the class path (reloader and libraries)")
    parser.add_argument("--label", default="", help="a name for the row")
    parser.add_argument("--container", action="store_true", help="declare a @Bean GenericContainer")
    parser.add_argument("--standby", action="store_true", help="keep the warm standby on (its default)")
    parser.add_argument("--reloads", type=int, default=3)
    parser.add_argument("--think", type=float, default=6.0, help="seconds between changes")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    # Ended by a signal: stop the application and remove its containers all the same
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with open(args.class_path_file) as f:
        class_path = f.read().strip()
    for _ in range(args.rounds):
        result = measure(args, class_path)
        reloads = ", ".join(f"{r:.2f}" for r in result["reloads"])
        print(f"| {args.label} | {result['created']} | {result['served']} | {result['created_during']} / "
              f"{result['started_during']} | {result['left']} | {result['first']:.2f} s | {reloads} "
              f"(median {statistics.median(result['reloads']):.2f}) |", flush=True)


if __name__ == "__main__":
    main()
