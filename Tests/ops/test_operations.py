"""Operations: several servers on one PostgreSQL, SIGKILL during an import and under load,
graceful shutdown, health, readiness, metrics, JSON logs, backup and restore."""
import json
import os
import signal
import sqlite3
import subprocess
import threading
import time

import pytest
import requests

from opsutil import BINARY, MAPPING, POSTGRES, PASSWORD, confirm, csrf, kill, login, psql, upload_table

AREAS = [f"SR{i:02d}" for i in range(1, 17)]


def table(variables, years=(2024,), scale=1):
    lines = ["Gebiet;Variable;Jahr;Wert"]
    for v in variables:
        for y in years:
            for n, a in enumerate(AREAS):
                lines.append(f"{a};{v};{y};{(n + 1) * scale}")
    return ("\n".join(lines) + "\n").encode()


def public_values(base, variable):
    r = requests.get(base + f"/api/values?variable={variable}")
    assert r.status_code == 200
    return sorted((v["area"], v["period"], v["value"]) for v in r.json())


def test_two_servers_share_one_postgres(installation):
    inst = installation("postgres")
    inst.add_user()
    a = inst.serve(demo=True)
    b = inst.serve()
    # A login made through A is valid on B: the session lives in the database.
    s = login(a.base)
    assert s.get(b.base + "/intern/", allow_redirects=False).status_code == 200
    # A table uploaded through A and confirmed through B (the pending upload is in the database too).
    token = upload_table(s, a.base, table(["zwei_server"], years=(2023, 2024)))
    r = confirm(s, b.base, token)
    assert r.status_code == 200 and "importiert" in r.text, r.text[:500]
    for server in (a, b):
        assert "zwei_server" in s.get(server.base + "/intern/verwaltung").text
    # Released through the CLI, the values are public on both servers, value by value.
    inst.cli("release", "--variable", "zwei_server", "--by", "Test")
    expected = sorted((area, f"{y}-12-31", float(n + 1)) for y in (2023, 2024) for n, area in enumerate(AREAS))
    assert public_values(a.base, "zwei_server") == expected
    assert public_values(b.base, "zwei_server") == expected
    # Logging out through B ends the session on A as well.
    assert s.post(b.base + "/abmelden", data={"csrf": csrf(s, b.base)}, allow_redirects=False).status_code == 303
    assert s.get(a.base + "/intern/", allow_redirects=False).status_code == 303


def values_of(inst, variable):
    """Every value of a variable in the atlas, read through a fresh server-less CLI export."""
    path = os.path.join(inst.dir, f"v-{time.time_ns()}.csv")
    inst.cli("export", path, "--internal", "--values", "--variable", variable)
    with open(path, encoding="utf-8-sig") as f:
        return sorted(line.strip() for line in f if line.strip())


def wait_for_import_in_progress(inst, wal_floor):
    """Until the import's transaction is writing: the COPY on PostgreSQL, a growing WAL on SQLite."""
    for _ in range(2000):
        if inst.backend == "postgres":
            if psql("SELECT count(*) FROM pg_stat_activity WHERE state <> 'idle' AND query ILIKE '%import_value%'") != "0":
                return True
        else:
            wal = inst.database + "-wal"
            if os.path.exists(wal) and os.path.getsize(wal) > wal_floor + 1_000_000:
                return True
        time.sleep(0.005)
    return False


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_sigkill_during_an_import_keeps_every_committed_import_and_no_partial_one(installation, backend):
    inst = installation(backend)
    inst.add_user()
    server = inst.serve(demo=True)
    s = login(server.base)
    # Two imports that commit.
    for n, name in enumerate(["erster", "zweiter"]):
        token = upload_table(s, server.base, table([name], years=(2022, 2023, 2024), scale=n + 1))
        assert confirm(s, server.base, token).status_code == 200
    committed = {name: values_of(inst, name) for name in ["erster", "zweiter"]}
    assert all(len(v) == 1 + 3 * 16 for v in committed.values())
    # A large third import, killed while its transaction writes.
    big = table([f"gross_{i:04d}" for i in range(2500)], years=(2020, 2021, 2022, 2023, 2024))
    token = upload_table(s, server.base, big, name="gross.csv")
    wal_floor = os.path.getsize(inst.database + "-wal") if backend == "sqlite" and os.path.exists(inst.database + "-wal") else 0
    result = {}
    t = threading.Thread(target=lambda: result.update(r=_try(lambda: confirm(s, server.base, token))))
    t.start()
    caught = wait_for_import_in_progress(inst, wal_floor)
    kill(server)
    t.join()
    assert caught, "the import finished before it could be killed"
    # After a restart: the committed imports are intact, the killed one left nothing.
    server = inst.serve()
    for name, values in committed.items():
        assert values_of(inst, name) == values
    assert values_of(inst, "gross_0000") == values_of(inst, "gibt_es_nicht")
    if backend == "sqlite":
        con = sqlite3.connect(inst.database)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT COUNT(*) FROM variable WHERE key LIKE 'gross_%'").fetchone()[0] == 0
        con.close()
    else:
        schema = inst.schemas[0]
        assert psql(f"SELECT COUNT(*) FROM {schema}.variable WHERE key LIKE 'gross_%'") == "0"
        assert psql(f"SELECT COUNT(*) FROM {schema}.import_batch") == "3"
    # And the atlas works on: the same import now goes through.
    s = login(server.base)
    token = upload_table(s, server.base, table(["danach"]))
    assert confirm(s, server.base, token).status_code == 200
    assert len(values_of(inst, "danach")) == 1 + 16


def _try(f):
    try:
        return f()
    except requests.RequestException as e:
        return e


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_sigkill_under_load_leaves_a_consistent_atlas(installation, backend):
    inst = installation(backend)
    inst.add_user()
    server = inst.serve(demo=True)
    urls = ["/", "/indikator/kinderarmut", "/gebiet/SR03", "/api/indicators/kinderarmut", "/bericht", "/api/areas"]
    stop = threading.Event()
    answered = []

    def hammer(i):
        with requests.Session() as c:
            while not stop.is_set():
                r = _try(lambda: c.get(server.base + urls[i % len(urls)] + f"?lang=de&n={i}", timeout=5))
                if isinstance(r, requests.Response):
                    answered.append(r.status_code)
                i += 1

    threads = [threading.Thread(target=hammer, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    # An import through the CLI runs at the same time, on the same database.
    csv = os.path.join(inst.dir, "last.csv")
    with open(csv, "wb") as f:
        f.write(table(["unter_last"], years=(2023, 2024)))
    mapping = os.path.join(inst.dir, "zuordnung.ini")
    with open(mapping, "wb") as f:
        f.write(MAPPING)
    imp = subprocess.Popen([BINARY, "import", "table", csv, "--mapping", mapping, *inst.args("import")],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)
    kill(server)
    stop.set()
    for t in threads:
        t.join()
    imp.wait()
    assert answered and all(code == 200 for code in answered), set(answered)
    server = inst.serve()
    assert requests.get(server.base + "/indikator/kinderarmut").status_code == 200
    assert len(values_of(inst, "unter_last")) in (1, 1 + 2 * 16)
    if imp.returncode == 0:
        assert len(values_of(inst, "unter_last")) == 1 + 2 * 16
    if backend == "sqlite":
        con = sqlite3.connect(inst.database)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()


def test_sigterm_lets_a_running_request_finish_and_exits_cleanly(installation):
    inst = installation("sqlite")
    server = inst.serve(demo=True)
    result = {}
    t = threading.Thread(target=lambda: result.update(r=_try(lambda: requests.get(server.base + "/bericht.pdf", timeout=30))))
    t.start()
    time.sleep(0.05)
    server.send_signal(signal.SIGTERM)
    t.join()
    assert server.wait(timeout=30) == 0
    r = result["r"]
    assert isinstance(r, requests.Response) and r.status_code == 200 and r.content.startswith(b"%PDF")


def test_health_readiness_metrics_and_json_logs(installation):
    inst = installation("postgres")
    server = inst.serve(demo=True, extra=["--log-format", "json", "--access-log"])
    assert requests.get(server.base + "/health/live").json() == {"status": "alive"}
    ready = requests.get(server.base + "/health/ready")
    assert ready.status_code == 200 and ready.json() == {"status": "ready", "failing": []}
    for _ in range(3):
        assert requests.get(server.base + "/indikator/kinderarmut").status_code == 200
    assert requests.get(server.base + "/gibt-es-nicht").status_code == 404
    metrics = requests.get(server.base + "/metrics")
    assert metrics.headers["content-type"].startswith("text/plain; version=0.0.4")
    lines = metrics.text.splitlines()
    samples = {l.split(" ")[0]: float(l.split(" ")[1]) for l in lines if l and not l.startswith("#")}
    assert samples['quartier_http_requests_total{status="404"}'] == 1
    assert samples['quartier_http_requests_total{status="200"}'] >= 5
    assert samples['quartier_http_request_duration_seconds_bucket{le="+Inf"}'] == samples["quartier_http_request_duration_seconds_count"]
    assert [v for k, v in samples.items() if k.startswith("quartier_data_version{")][0] >= 1
    # Every log line is one JSON object; each request is logged with its path and status, never its query.
    requests.get(server.base + "/suche?q=Geheimer+Suchbegriff")
    time.sleep(0.3)
    records = [json.loads(l) for l in open(server.log_path, encoding="utf-8") if l.strip()]
    assert any(r.get("path") == "/indikator/kinderarmut" and r.get("status") == "200" for r in records)
    assert all("Geheimer" not in json.dumps(r) for r in records)
    assert all({"time", "level", "message"} <= r.keys() for r in records)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_backup_and_restore_round_trip_value_by_value(installation, backend):
    inst = installation(backend)
    inst.add_user()
    server = inst.serve(demo=True)
    s = login(server.base)
    token = upload_table(s, server.base, table(["gesichert"], years=(2023, 2024)))
    assert confirm(s, server.base, token).status_code == 200
    town_db = (f"{POSTGRES}?schema={inst.schemas[0]}_nord" if backend == "postgres" else os.path.join(inst.dir, "nord.sqlite"))
    if backend == "postgres":
        inst.schemas.append(inst.schemas[0] + "_nord")
    inst.cli("town", "add", "--slug", "nordstadt", "--name", "Nordstadt", "--ags", "03256001", "--atlas", town_db)
    kill(server)

    def everything():
        path = os.path.join(inst.dir, f"all-{time.time_ns()}.csv")
        inst.cli("export", path, "--internal", "--values")
        with open(path, encoding="utf-8-sig") as f:
            rows = f.read()
        users = inst.cli("user", "list").stdout
        towns = [l.split("\t")[:3] for l in inst.cli("town", "list").stdout.splitlines()]
        return rows, users, towns

    before = everything()
    assert "gesichert" in before[0] and "redaktion" in before[1] and any(t[0] == "nordstadt" for t in before[2])
    folder = os.path.join(inst.dir, "sicherung")
    inst.cli("backup", folder)
    # Lose the installation.
    if backend == "postgres":
        for schema in inst.schemas:
            psql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    else:
        for name in os.listdir(inst.dir):
            if ".sqlite" in name:
                os.remove(os.path.join(inst.dir, name))
    inst.cli("restore", folder)
    after = everything()
    assert after == before
    # The restored installation serves, and its staff can log in.
    server = inst.serve()
    assert login(server.base).get(server.base + "/intern/verwaltung").status_code == 200
    # A restore over an existing installation needs --force; a folder that is no backup is named.
    again = inst.cli("restore", folder, check=False)
    assert again.returncode != 0 and "--force" in again.stderr
    empty = os.path.join(inst.dir, "leer")
    os.makedirs(empty)
    bad = inst.cli("restore", empty, check=False)
    assert bad.returncode != 0 and "manifest.json" in bad.stderr


def test_copy_a_sqlite_installation_into_postgres_and_serve_it(installation):
    source = installation("sqlite")
    source.add_user()
    server = source.serve(demo=True)
    s = login(server.base)
    assert confirm(s, server.base, upload_table(s, server.base, table(["kopiert"]))).status_code == 200
    kill(server)
    target = installation("postgres")
    out = subprocess.run([BINARY, "copy", "--database", source.database, "--instance", source.instance, "--to", target.database,
                          "--to-instance", target.instance], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    migrate = target.cli("migrate")
    assert "aktuell" in migrate.stdout
    for name in ["kopiert", "ew_gesamt"]:
        assert values_of(target, name) == values_of(source, name)
    served = target.serve()
    s = login(served.base)
    assert "kopiert" in s.get(served.base + "/intern/verwaltung").text
    # A second copy into the filled schemas is refused and changes nothing.
    again = subprocess.run([BINARY, "copy", "--database", source.database, "--instance", source.instance, "--to", target.database,
                            "--to-instance", target.instance], capture_output=True, text=True)
    assert again.returncode != 0 and "nicht leer" in again.stderr
    assert values_of(target, "kopiert") == values_of(source, "kopiert")


def test_a_configuration_file_sets_the_server_and_errors_name_the_line(installation):
    inst = installation("sqlite")
    port = __import__("opsutil").free_port()
    conf = os.path.join(inst.dir, "quartier.conf")
    with open(conf, "w") as f:
        f.write(f"# Quartier\ndatabase = {inst.database}\ninstance = {inst.instance}\nport = {port}\nlog_format = json\n")
    proc = subprocess.Popen([BINARY, "serve", "--demo", "--config", conf], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(300):
            try:
                if requests.get(f"http://127.0.0.1:{port}/health/ready", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        assert requests.get(f"http://127.0.0.1:{port}/indikator/kinderarmut").status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        out = proc.communicate(timeout=30)[0]
    assert proc.returncode == 0
    assert json.loads(out.splitlines()[0])["level"] == "info"
    with open(conf, "a") as f:
        f.write("farbe = blau\n")
    bad = subprocess.run([BINARY, "serve", "--config", conf], capture_output=True, text=True, timeout=30)
    assert bad.returncode != 0 and "Zeile 6" in bad.stderr and "farbe" in bad.stderr
    # A bad value on the command line or in the file is named with what was expected.
    flag = subprocess.run([BINARY, "serve", "--database", inst.database, "--log-format", "xml"], capture_output=True, text=True, timeout=30)
    assert flag.returncode != 0 and "--log-format" in flag.stderr and "xml" in flag.stderr
    with open(conf, "w") as f:
        f.write(f"database = {inst.database}\nport = achtzig\n")
    port_bad = subprocess.run([BINARY, "serve", "--config", conf], capture_output=True, text=True, timeout=30)
    assert port_bad.returncode != 0 and "QUARTIER_PORT" in port_bad.stderr and "achtzig" in port_bad.stderr


def test_out_of_range_settings_are_refused_before_anything_starts(installation):
    """Issue 16 row 12: a port or limit outside its range is named with the range; nothing listens."""
    inst = installation("sqlite")
    cases = [(["--port", "70000"], "--port: erwartet 1 bis 65535, gefunden 70000"),
             (["--port", "-1"], "--port: erwartet 1 bis 65535, gefunden -1"),
             (["--upload-limit-mb", "-5"], "--upload-limit-mb: erwartet 1 bis 4096, gefunden -5"),
             (["--publish-after-days", "0"], "--publish-after-days: erwartet 1 bis 3650, gefunden 0")]
    for args, message in cases:
        r = subprocess.run([BINARY, "serve", "--database", inst.database] + args, capture_output=True, text=True, timeout=30)
        assert r.returncode != 0 and message in r.stderr, (args, r.stderr)
    r = subprocess.run([BINARY, "serve", "--database", inst.database], capture_output=True, text=True, timeout=30,
                       env={**os.environ, "QUARTIER_PORT": "99999"})
    assert r.returncode != 0 and "QUARTIER_PORT: erwartet 1 bis 65535, gefunden 99999" in r.stderr
