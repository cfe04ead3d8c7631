"""docs/deploy.md's nginx configuration, run: the ``server`` and ``location`` blocks a
reader copies are taken from the document itself, given a loopback port, a throwaway
certificate and the port of a real ``rapport serve --production``, and asked what a
browser asks. A slip in them (a missing slash, a header not passed, a body size left
at nginx's 1 MB) is a broken site that no test of Django alone would see.

The only things filled in are those a reader changes too: the ports, the certificate's
files. Each must be found in the document's text, so a block rewritten past recognition
fails here rather than going untested. Needs nginx and openssl on the machine (CI
installs nginx: .ci/run); PostgreSQL, since production mode refuses anything else.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import pwd
import re
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import Morsel, SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import connection

from tests.conftest import PASSWORD
from tests.operations.conftest import REDIS_DOWN
from tests.operations.servers import Process, free_port, production_env

pytestmark = [pytest.mark.postgres, pytest.mark.argon2]  # gunicorn checks the real hash

DEPLOY = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"
UPSTREAM = "http://127.0.0.1:8000"  # where the document's gunicorn listens
CERTIFICATE = "/etc/letsencrypt/live/{host}/fullchain.pem"
CERTIFICATE_KEY = "/etc/letsencrypt/live/{host}/privkey.pem"
NEEDS_NGINX = "needs nginx: apt-get install nginx-light"
# More than nginx's default client_max_body_size (1 MB), less than Django's 2.5 MB
# DATA_UPLOAD_MAX_MEMORY_SIZE: a form this big reaches Django only if the proxy lets it.
BIG_FORM_PADDING = 1_500_000
SELF_SIGNED = ("openssl", "req", "-x509", "-nodes", "-days", "2", "-newkey", "ec")
SELF_SIGNED += ("-pkeyopt", "ec_paramgen_curve:prime256v1")


@pytest.fixture(scope="module")
def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/sbin/nginx") if os.access(path, os.X_OK)), None
    )
    missing = NEEDS_NGINX if found is None else None
    if missing is None and shutil.which("openssl") is None:
        missing = "needs openssl for a throwaway certificate: apt-get install openssl"
    if missing:
        if os.environ.get("RAPPORT_REQUIRE_NGINX") == "1":
            pytest.fail(f"RAPPORT_REQUIRE_NGINX=1 but {missing}", pytrace=False)
        pytest.skip(missing)
    assert found is not None
    return found


# --- The document's blocks -------------------------------------------------------------


def nginx_blocks() -> list[str]:
    """Every fenced ```nginx block of docs/deploy.md, as the reader copies it."""
    return re.findall(r"^```nginx\n(.*?)^```$", DEPLOY.read_text(), flags=re.M | re.S)


def the_block(containing: str) -> str:
    [block] = [block for block in nginx_blocks() if containing in block]
    return block


def filled(text: str, replacements: dict[str, str]) -> str:
    """``text`` with each placeholder replaced; every one must be there."""
    for placeholder, value in replacements.items():
        assert placeholder in text, f"docs/deploy.md's nginx block lost {placeholder!r}:\n{text}"
        text = text.replace(placeholder, value)
    return text


# --- Running them ---------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    cookies: dict[str, Morsel] = field(default_factory=dict)
    body: str = ""


def ask(
    port: int,
    path: str,
    *,
    host: str,
    method: str = "GET",
    form: dict[str, str] | None = None,
    cookies: dict[str, Morsel] | None = None,
    headers: dict[str, str] | None = None,
    tls: bool = True,
) -> Answer:
    """One request to nginx on loopback, named ``host`` as a browser names it."""
    if tls:
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # throwaway cert
        link = http.client.HTTPSConnection("127.0.0.1", port, timeout=60, context=context)
    else:
        link = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    sent = {"Host": host, **(headers or {})}
    if cookies:
        sent["Cookie"] = "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form).encode()
        sent["Content-Type"] = "application/x-www-form-urlencoded"
        sent["Origin"] = f"https://{host}"  # as a browser posts a form
    try:
        link.request(method, path, body=body, headers=sent)
        response = link.getresponse()
        jar: SimpleCookie = SimpleCookie()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                jar.load(value)
        return Answer(
            response.status,
            {name.lower(): value for name, value in response.getheaders()},
            dict(jar),
            response.read().decode(errors="replace"),
        )
    finally:
        link.close()


def throwaway_certificate(folder: Path, host: str) -> tuple[Path, Path]:
    certificate, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        [
            *SELF_SIGNED,
            *["-subj", f"/CN={host}", "-keyout", str(key), "-out", str(certificate)],
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


@contextlib.contextmanager
def nginx_running(binary: str, folder: Path, servers: str, ports: list[int]) -> Iterator[Path]:
    """nginx in the foreground with ``servers`` in its http block, everything it writes
    in ``folder``, as whoever runs the test. Yields its access log, whose lines carry
    nginx's own $request_id."""
    conf = folder / "nginx.conf"
    access = folder / "access.log"
    conf.write_text(
        f"""
daemon off;
worker_processes 1;
user {pwd.getpwuid(os.geteuid()).pw_name};  # as root, nginx would otherwise run as nobody
pid {folder}/nginx.pid;
error_log {folder}/error.log info;
events {{ worker_connections 64; }}
http {{
    log_format ids '$request_id $status "$request"';
    access_log {access} ids;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
{servers}
}}
"""
    )
    check = subprocess.run(
        [binary, "-t", "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, f"{check.stderr}\n{conf.read_text()}"
    log = (folder / "nginx.out").open("w")
    server = subprocess.Popen(
        [binary, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        for port in ports:
            while True:
                assert server.poll() is None, (folder / "error.log").read_text()
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)):
                    break
                assert time.monotonic() < deadline, f"nginx never listened on {port}"
                time.sleep(0.1)
        yield access
    finally:
        server.terminate()  # SIGTERM: nginx's fast shutdown
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@contextlib.contextmanager
def rapport_serving(data_dir: Path, log: Path, **environment: str) -> Iterator[int]:
    """`rapport serve --production --bind 127.0.0.1:PORT`, as the systemd unit of
    docs/deploy.md starts it, on the test's PostgreSQL database."""
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    port = free_port()
    server = Process(
        ["serve", "--production", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        env=production_env(
            data_dir=data_dir, database_url=url, redis_url=REDIS_DOWN, **environment
        ),
        log=log,
    )
    try:
        server.wait_for_http(port)
        yield port
    finally:
        server.stop()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """One data folder for the module, so static files are collected once."""
    return tmp_path_factory.mktemp("nginx-data")


# --- What a browser does through it -----------------------------------------------------


def hidden_token(page: str) -> str:
    """The page's CSRF token (each form's copy is masked differently; any one does)."""
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[0]


def local_addresses(page: str) -> list[str]:
    return re.findall(r'(?:href|src|action)="(/[^"]*)"', page)


def check_the_site_through_nginx(
    *, port: int, http_port: int | None, host: str, prefix: str, username: str, access: Path
) -> None:
    """Everything a visitor and a member do first, through nginx at https://host/prefix/."""
    base = f"{prefix}/"

    login = ask(port, f"{base}login/", host=host)
    assert login.status == 200, login
    # Django saw HTTPS (X-Forwarded-Proto): no redirect, and HSTS on the answer.
    assert login.headers["strict-transport-security"] == "max-age=31536000"
    links = local_addresses(login.body)
    assert links and [link for link in links if not link.startswith(base)] == [], links
    # nginx's $request_id reached Django, which answers with it and logs it.
    logged = f'{login.headers["x-request-id"]} 200 "GET {base}login/ HTTP/1.1"'
    deadline = time.monotonic() + 10  # nginx logs a request after its answer has gone
    while logged not in access.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert logged in access.read_text()

    [stylesheet] = re.findall(r'<link rel="stylesheet" href="([^"]+)"', login.body)
    assert stylesheet.startswith(f"{base}static/rapport/rapport."), stylesheet
    css = ask(port, stylesheet, host=host)
    assert css.status == 200 and css.headers["content-type"].startswith("text/css"), css.status
    assert "max-age=315360000" in css.headers["cache-control"]

    health = ask(port, f"{base}health", host=host)
    assert health.status == 200, health  # Redis is away here: degraded, still 200
    assert '"database": "ok"' in health.body

    csrf = login.cookies["csrftoken"]
    assert csrf["path"] == (prefix or "/") and csrf["secure"]
    # An import is a form of up to 200 MB: nginx must let a body past 1 MB through.
    big = ask(
        port,
        f"{base}login/",
        host=host,
        method="POST",
        cookies={"csrftoken": csrf},
        form={
            "csrfmiddlewaretoken": hidden_token(login.body),
            "username": username,
            "password": "",
            "padding": "x" * BIG_FORM_PADDING,
        },
    )
    assert big.status == 200, (big.status, big.body[:300])  # the form, naming what is missing

    signed_in = ask(
        port,
        f"{base}login/?next={base}keeper/settings/",
        host=host,
        method="POST",
        cookies={"csrftoken": csrf},
        form={
            "csrfmiddlewaretoken": hidden_token(login.body),
            "username": username,
            "password": PASSWORD,
        },
    )
    assert signed_in.status == 302, (signed_in.status, signed_in.body[:500])
    assert signed_in.headers["location"] == f"{base}keeper/settings/"
    session = signed_in.cookies["sessionid"]
    # Another application on the host (at / beside /rapport/) is never sent it.
    assert session["path"] == (prefix or "/")
    assert session["secure"] and session["httponly"]
    jar = {"csrftoken": signed_in.cookies.get("csrftoken", csrf), "sessionid": session}

    settings_page = ask(port, signed_in.headers["location"], host=host, cookies=jar)
    assert settings_page.status == 200, settings_page.status
    # An address Django makes whole from the request: the host and scheme nginx passed.
    made = ask(
        port,
        f"{base}keeper/settings/calendar/",
        host=host,
        method="POST",
        cookies=jar,
        form={"csrfmiddlewaretoken": hidden_token(settings_page.body)},
    )
    assert made.status == 200, (made.status, made.body[:500])
    [feed] = re.findall(r"https?://[^\s\"<]+\.ics", made.body)
    assert feed.startswith(f"https://{host}{base}calendar/"), feed
    calendar = ask(port, urlsplit(feed).path, host=host)
    assert calendar.status == 200 and "BEGIN:VCALENDAR" in calendar.body

    anonymous = ask(port, f"{base}conversations/", host=host)
    assert anonymous.status == 302
    assert anonymous.headers["location"] == f"{base}login/?next={base}conversations/"

    if http_port is not None:  # the document's plain-HTTP server sends browsers to HTTPS
        plain = ask(http_port, f"{base}login/?next=x", host=host, tls=False)
        assert plain.status == 301
        assert plain.headers["location"] == f"https://{host}{base}login/?next=x"


# --- The tests ------------------------------------------------------------------------


def test_the_documented_nginx_server_serves_rapport_at_the_root_of_its_host(
    postgres_only, nginx_binary, transactional_db, make_member, data_dir, tmp_path
):
    host = "rapport.example.org"
    member = make_member("Ana Ruiz")
    certificate, key = throwaway_certificate(tmp_path, host)
    https_port, http_port = free_port(), free_port()
    with rapport_serving(data_dir, tmp_path / "serve.log", RAPPORT_ALLOWED_HOSTS=host) as port:
        servers = filled(
            the_block("listen 443"),
            {
                "listen 443 ": f"listen 127.0.0.1:{https_port} ",
                "listen 80;": f"listen 127.0.0.1:{http_port};",
                CERTIFICATE.format(host=host): str(certificate),
                CERTIFICATE_KEY.format(host=host): str(key),
                UPSTREAM: f"http://127.0.0.1:{port}",
            },
        )
        with nginx_running(nginx_binary, tmp_path, servers, [https_port, http_port]) as access:
            check_the_site_through_nginx(
                port=https_port,
                http_port=http_port,
                host=host,
                prefix="",
                username=member.username,
                access=access,
            )


def test_the_documented_nginx_location_serves_rapport_under_a_path(
    postgres_only, nginx_binary, transactional_db, make_member, data_dir, tmp_path
):
    """RAPPORT_SITE_URL=https://example.org/rapport and the document's ``location
    /rapport/``, put in the host's own server (its certificate, another application at
    /). Also with proxy_pass's trailing slash left off, the slip the document says is
    served too."""
    host = "example.org"
    member = make_member("Ana Ruiz")
    certificate, key = throwaway_certificate(tmp_path, host)
    location = the_block("location /rapport/")
    with rapport_serving(
        data_dir,
        tmp_path / "serve.log",
        RAPPORT_SITE_URL="https://example.org/rapport",
        RAPPORT_ALLOWED_HOSTS=host,
    ) as port:
        ports = {"as documented": free_port(), "without the slash": free_port()}
        locations = {
            "as documented": filled(location, {f"{UPSTREAM}/;": f"http://127.0.0.1:{port}/;"}),
            "without the slash": filled(location, {f"{UPSTREAM}/;": f"http://127.0.0.1:{port};"}),
        }
        servers = "\n".join(
            f"""
server {{
    listen 127.0.0.1:{ports[way]} ssl;
    server_name {host};
    ssl_certificate {certificate};
    ssl_certificate_key {key};
    location / {{ return 200 "the host's other site\\n"; }}
{locations[way]}
}}"""
            for way in ports
        )
        with nginx_running(nginx_binary, tmp_path, servers, list(ports.values())) as access:
            for way, nginx_port in ports.items():
                try:
                    check_the_site_through_nginx(
                        port=nginx_port,
                        http_port=None,
                        host=host,
                        prefix="/rapport",
                        username=member.username,
                        access=access,
                    )
                except AssertionError as failure:
                    raise AssertionError(f"{way}: {failure}") from failure
            other = ask(ports["as documented"], "/", host=host)
            assert other.body == "the host's other site\n"
