"""Helpers for the operations tests: real `quartier serve` processes on loopback, against a
SQLite file or the throwaway PostgreSQL cluster that scripts/test starts (QUARTIER_TEST_POSTGRES)."""
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid

import pytest
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("QUARTIER_BINARY", os.path.join(ROOT, ".build", "debug", "quartier"))
PASSWORD = "Betrieb-Test-2026!"
POSTGRES = os.environ.get("QUARTIER_TEST_POSTGRES", "")
# The test tables bring variables of their own.
MAPPING = b"[options]\nunmapped = create\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(sql: str) -> str:
    """Runs SQL on the test cluster and returns the unaligned output."""
    out = subprocess.run(["psql", POSTGRES, "-XAtqc", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


class Installation:
    """One Quartier installation: a SQLite file or two fresh PostgreSQL schemas."""

    def __init__(self, backend: str):
        self.backend = backend
        self.dir = tempfile.mkdtemp(prefix="quartier-ops-")
        if backend == "postgres":
            if not POSTGRES:
                pytest.fail("QUARTIER_TEST_POSTGRES is not set (scripts/test starts the cluster)")
            tag = uuid.uuid4().hex[:12]
            self.schemas = [f"a_{tag}", f"i_{tag}"]
            self.database = f"{POSTGRES}?schema=a_{tag}"
            self.instance = f"{POSTGRES}?schema=i_{tag}"
        else:
            self.schemas = []
            self.database = os.path.join(self.dir, "atlas.sqlite")
            self.instance = os.path.join(self.dir, "instance.sqlite")
        self.servers = []

    def args(self, command="serve"):
        """The database options; commands that know the instance database get it too."""
        with_instance = command in ("serve", "user", "town", "release", "backup", "restore", "migrate", "copy")
        return ["--database", self.database] + (["--instance", self.instance] if with_instance else [])

    def cli(self, *args, env=None, check=True):
        out = subprocess.run([BINARY, *args, *self.args(args[0])], env={**os.environ, **(env or {})},
                             capture_output=True, text=True)
        if check and out.returncode != 0:
            raise AssertionError(f"quartier {' '.join(args)}: {out.returncode}\n{out.stderr}")
        return out

    def add_user(self, login="redaktion"):
        self.cli("user", "add", "--login", login, "--name", "Rita Redaktion", "--town", "stadt", "--role", "admin", "--cost", "4",
                 env={"QUARTIER_PASSWORD": PASSWORD})

    def serve(self, demo=False, extra=()):
        port = free_port()
        log = open(os.path.join(self.dir, f"serve-{port}.log"), "w")
        proc = subprocess.Popen([BINARY, "serve", *self.args(), "--port", str(port), *(["--demo"] if demo else []), *extra],
                                stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if requests.get(base + "/health/ready", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None:
                break
            time.sleep(0.1)
        else:
            proc.kill()
            raise RuntimeError("the server did not start")
        if proc.poll() is not None:
            raise RuntimeError("the server ended: " + open(log.name).read())
        self.servers.append(proc)
        proc.base = base
        proc.log_path = log.name
        return proc

    def close(self):
        for p in self.servers:
            if p.poll() is None:
                p.kill()
                p.wait()
        for s in self.schemas:
            psql(f"DROP SCHEMA IF EXISTS {s} CASCADE")
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def installation():
    made = []

    def make(backend):
        i = Installation(backend)
        made.append(i)
        return i

    yield make
    for i in made:
        i.close()


def login(base: str, user="redaktion") -> requests.Session:
    s = requests.Session()
    s.get(base + "/anmelden")
    r = s.post(base + "/anmelden", data={"login": user, "password": PASSWORD, "csrf": s.cookies.get("quartier_pre")},
               allow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    assert s.cookies.get("quartier_session")
    return s


def csrf(session: requests.Session, base: str) -> str:
    html = session.get(base + "/konto").text
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


def upload_table(session: requests.Session, base: str, csv: bytes, name="tabelle.csv") -> str:
    """Uploads a table for preview; returns the token of the pending upload."""
    r = session.post(base + "/intern/verwaltung/hochladen", data={"art": "tabelle", "csrf": csrf(session, base)},
                     files={"datei": (name, csv, "text/csv"), "zuordnung": ("zuordnung.ini", MAPPING, "text/plain")})
    assert r.status_code == 200, r.text[:800]
    return re.search(r"/verwaltung/hochladen/([0-9a-f]{64})/uebernehmen", r.text).group(1)


def confirm(session: requests.Session, base: str, token: str, timeout=120):
    """Confirms a pending upload; a successful one redirects to the import list (post/redirect/get),
    which is followed, so the answer is that page with the import's message."""
    return session.post(base + f"/intern/verwaltung/hochladen/{token}/uebernehmen", data={"csrf": csrf(session, base)},
                        timeout=timeout)


def kill(proc):
    proc.send_signal(signal.SIGKILL)
    proc.wait()
