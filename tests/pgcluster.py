"""A throwaway PostgreSQL cluster of the tests' own, to stop and start in the middle of a test.

The outage, worker and backup tests need a database they can really take away: this starts a
fresh cluster (initdb + pg_ctl, the server binaries installed on the machine) on a port of its
own, in a temporary folder, listening on 127.0.0.1 with trust authentication. Run as root it
runs the server as the `postgres` system user (PostgreSQL refuses to run as root).
"""

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent

PG_BIN = Path(
    os.environ.get("PG_BIN")
    or next(
        (
            str(path)
            for path in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
            if (path / "pg_ctl").exists()
        ),
        "",
    )
)


class ThrowawayCluster:
    def __init__(self, port):
        self.port = port
        self.root = Path(tempfile.mkdtemp(prefix="ruko-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.as_user = None
        if os.geteuid() == 0:
            self.as_user = "postgres"
            account = pwd.getpwnam(self.as_user)
            os.chown(self.root, account.pw_uid, account.pw_gid)

    def _run(self, *args):
        command = [str(PG_BIN / args[0]), *args[1:]]
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def init(self):
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        return self

    def start(self):
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self):
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def restart(self):
        self.stop()
        self.start()

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name):
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)

    def psql(self, name, sql):
        return self._run(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            name,
            "-tA",
            "-c",
            sql,
        ).stdout.strip()

    def destroy(self):
        subprocess.run(
            [
                *(["runuser", "-u", self.as_user, "--"] if self.as_user else []),
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def copy_database(source, cluster, name):
    """Copy a database (a Django settings_dict, e.g. the test database) into the cluster."""
    cluster.create_database(name)
    env = {**os.environ, "PGPASSWORD": source.get("PASSWORD") or ""}
    dump = subprocess.run(
        [
            str(PG_BIN / "pg_dump"),
            "-Fc",
            "-h",
            source.get("HOST") or "127.0.0.1",
            "-p",
            str(source.get("PORT") or 5432),
            "-U",
            source.get("USER") or "postgres",
            source["NAME"],
        ],
        check=True,
        capture_output=True,
        env=env,
        timeout=300,
    ).stdout
    subprocess.run(
        [
            str(PG_BIN / "pg_restore"),
            "--no-owner",
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            "-d",
            name,
        ],
        input=dump,
        check=True,
        capture_output=True,
        timeout=300,
    )


def free_port():
    """A TCP port nothing listens on now, for a server this test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, seconds=60, what="condition"):
    """Poll a condition of another process (a server starting, a worker finishing)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)  # polling another process's state, not ordering this test's own steps
    raise AssertionError(f"{what} not reached within {seconds} s")


def answers(url):
    def check():
        try:
            requests.get(url, timeout=30)
        except (requests.ConnectionError, requests.Timeout):
            return False
        return True

    return check


def start_gunicorn(port, env, log_path, workers=1):
    """gunicorn on 127.0.0.1:port with the given environment; its stderr goes to log_path."""
    log = open(log_path, "w")  # noqa: SIM115 - closed by stop_process
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log_file = log
    url = f"http://127.0.0.1:{port}/robots.txt"
    try:
        wait_until(
            lambda: process.poll() is not None or answers(url)(), what=f"server on port {port}"
        )
        if process.poll() is not None:
            raise AssertionError(f"the server on port {port} stopped: {Path(log_path).read_text()}")
    except BaseException:
        stop_process(process)
        raise
    return process


def stop_process(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log = getattr(process, "log_file", None)
    if log:
        log.close()


def django_env(database_url, **extra):
    """The environment of a subprocess of the portal using the test settings."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def manage(*args, env, timeout=300):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
