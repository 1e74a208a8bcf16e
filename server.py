"""The web server: Streamlit's ASGI app (app.py) plus the few plain HTTP routes it needs.

`streamlit run server.py` serves it. The routes exist because a Streamlit script cannot
set an HttpOnly cookie: /auth/session trades a one-time login ticket for the session
cookie, /auth/logout clears it, /health answers a monitoring probe, and /internal/backup,
/internal/export and /internal/report let `jakosc backup`, `jakosc export` and `jakosc raport` on
the same machine work on the database the running app owns, inside the configured backup and
export folders; /internal/command runs the other commands that work on the database alone
(init, user add and unlock, kiosk add, demo, stats) for them. Those routes serve the DuckDB
file only: on PostgreSQL (JAKOSC_DATABASE_URL) the commands connect to the database server
themselves, and the routes answer 404 saying so.

Several server processes may run on one PostgreSQL database (behind nginx with sticky sessions:
deploy/). What each process does in the background is safe to run in all of them at once: the
mail sender claims each message in a transaction before sending it, the hourly pass over client
contact data updates only rows not yet cleared (a second pass meets the first's commit and finds
nothing), and the dashboard's first view is prepared by each process for its own cache.

Every HTTP answer, Streamlit's own included, carries security headers (no framing by other
sites), and Streamlit's anonymous /_stcore/metrics is closed.
"""

import gc
import importlib
import io
import logging
import os
import re
import secrets
import sys
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit import net_util
from streamlit.runtime.pages_manager import PagesManager

from analytics.export import export_period
from checklists.schema import Kind
from cli import main as cli
from reports import publish
from services import client_cases, notifications
from storage import maintenance, users
from storage.db import DatabaseLockedError, DatabaseUnavailableError, database_path, now, shared_database
from ui.session import COOKIE_NAME

# The database, its WAL (which DuckDB creates itself), backups, exports and the backup token:
# readable by the app's user only, whatever umask the service was started with.
os.umask(0o077)

# Streamlit's WebSocket origin check, for an Origin that is neither this host nor localhost, asks
# checkip.amazonaws.com for the machine's external address, synchronously on the event loop and
# again after every failure: with outbound traffic blocked each foreign handshake froze the whole
# server for 2 s. An office server behind a proxy is never reached by its external address, and
# Streamlit 1.67 has no setting to skip the lookup, so it answers "unknown" here. The origin check
# itself stays as it is (same host, localhost, server.corsAllowedOrigins).
net_util.get_external_ip = lambda: None

# Streamlit 1.67 treats an app with a pages/ folder as an old-style multipage app until some
# session has run st.navigation: the first visitor after a start would get the files of
# pages/ by name and a "Page not found" dialog for every URL of app.py's navigation. The
# navigation is always built by app.py, so the folder is never to be served by name.
PagesManager.uses_pages_directory = False

MAX_TICKET_LENGTH = 200

# Open (and migrate) the database now: on DuckDB this process owns the file from the start, and
# a second server pointed at the same file stops here with a clear message; on PostgreSQL an
# unreachable server or a wrong JAKOSC_DATABASE_URL stops the start the same way.
try:
    DATABASE = shared_database()
except (DatabaseLockedError, DatabaseUnavailableError) as error:
    sys.exit(f"Jakość Obsługi nie wystartowała: {error}")
# On DuckDB the CLI works on the app's file through the /internal routes, with the token written
# beside the file. On PostgreSQL every `jakosc` command connects to the server itself, and several
# app processes would overwrite one another's token: no token, and the routes say so.
BACKUP_TOKEN = maintenance.new_backup_token(database_path()) if DATABASE.store == "duckdb" else None

# Import every page now (Streamlit, pandas, plotly and the app's modules: most of the heap, and
# alive as long as the process) and take it out of the garbage collector's full collections:
# scanning it took tens of milliseconds each time, holding the interpreter lock the kiosks'
# sessions wait for. (Streamlit's own collection after each run is off: .streamlit/config.toml.)
importlib.import_module("ui.navigation")
gc.collect()
gc.freeze()


def _prepare_first_view() -> None:
    """The dashboard's first view, computed while the server starts listening (see
    pages.dashboard.prepare_first_view); a failure only means the first viewer computes it."""
    try:
        importlib.import_module("pages.dashboard").prepare_first_view(shared_database())
    except Exception:
        logging.getLogger("jakosc").exception("Nie udało się przygotować pierwszego widoku pulpitu.")


threading.Thread(target=_prepare_first_view, name="prepare-dashboard", daemon=True).start()
# E-mail notifications are swept and sent here, never in a page run (services/notifications.py).
threading.Thread(
    target=notifications.run_sender, args=(shared_database,), name="mail-sender", daemon=True
).start()
# Client cases' contact data are deleted when due (services/client_cases.py), hourly.
threading.Thread(
    target=client_cases.run_contact_retention, args=(shared_database,), name="case-contacts", daemon=True
).start()
# The browser keeps the cookie for a working day; the server ends idle sessions sooner.
COOKIE_MAX_AGE = 12 * 3600


async def exchange_ticket(request: Request) -> Response:
    ticket = (await request.body())[:MAX_TICKET_LENGTH].decode("ascii", errors="ignore")
    token = users.redeem_login_ticket(shared_database(), ticket) if ticket else None
    if token is None:
        return Response(status_code=403)
    response = Response(status_code=204)
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=COOKIE_MAX_AGE,
        path="/",
        httponly=True,
        samesite="strict",
        secure=os.environ.get("JAKOSC_COOKIE_SECURE", "0") == "1",
    )
    return response


async def clear_cookie(request: Request) -> Response:
    token = request.cookies.get(COOKIE_NAME)
    if token:
        users.revoke_session(shared_database(), token)
    response = Response(status_code=204)
    response.delete_cookie(COOKIE_NAME, path="/")
    return response


LOCAL_CLIENTS = {"127.0.0.1", "::1", "::ffff:127.0.0.1"}
SERVER_STORE_ROUTES = (
    "Baza danych to serwer PostgreSQL: polecenia jakosc łączą się z nim same, bez pośrednictwa aplikacji."
)


def _local_and_trusted(request: Request) -> Response | None:
    """Maintenance routes answer only this machine's `jakosc` command, which knows the token."""
    if BACKUP_TOKEN is None:
        return PlainTextResponse(SERVER_STORE_ROUTES, status_code=404)
    if request.client is None or request.client.host not in LOCAL_CLIENTS:
        return PlainTextResponse("Tylko z tego samego komputera.", status_code=403)
    if not secrets.compare_digest(request.headers.get("X-Backup-Token", ""), BACKUP_TOKEN):
        return PlainTextResponse("Nieprawidłowy klucz.", status_code=403)
    return None


async def _write_inside(folder: Path, out: str, work: Callable[[Path], Path]) -> Response:
    """Run `work` (which creates the folders it needs, owner-only) on `out` resolved inside
    `folder`. A path outside it, an existing backup or an unwritable folder is a 4xx answer
    saying why, in Polish."""
    try:
        target = maintenance.inside(folder, out)
        written = await run_in_threadpool(work, target)
    except maintenance.OutsideFolder as error:
        return PlainTextResponse(str(error), status_code=403)
    except FileExistsError as error:  # backup() does not replace a file
        return PlainTextResponse(str(error), status_code=409)
    except OSError:
        return PlainTextResponse(str(maintenance.CannotWrite(out)), status_code=400)
    except ValueError as error:  # CannotWrite, or an unknown department code: Polish already
        return PlainTextResponse(str(error), status_code=400)
    return JSONResponse({"written": str(written)})


async def _request_body(request: Request) -> dict | None:
    """The command's JSON request, if it names the file to write ("out")."""
    try:
        body = await request.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) and isinstance(body.get("out"), str) else None


async def backup(request: Request) -> Response:
    """`jakosc backup` on this machine asks the running app (which owns the file) for a copy,
    written only inside the backup folder (JAKOSC_BACKUP_DIR)."""
    refusal = _local_and_trusted(request)
    if refusal:
        return refusal
    body = await _request_body(request)
    if body is None:
        return PlainTextResponse("Nieprawidłowe żądanie kopii.", status_code=400)
    keep = body.get("keep")
    if keep is not None and (type(keep) is not int or keep < 1):
        return PlainTextResponse(maintenance.KEEP_AT_LEAST_ONE, status_code=400)

    def write(target: Path) -> Path:
        if keep is None:
            maintenance.backup(shared_database(), target)
            return target
        return maintenance.backup_rotating(shared_database(), target, keep)

    return await _write_inside(maintenance.backup_folder(), body["out"], write)


async def export(request: Request) -> Response:
    """`jakosc export` on this machine, while the app runs: the same workbook, written here,
    only inside the export folder (JAKOSC_EXPORT_DIR)."""
    refusal = _local_and_trusted(request)
    if refusal:
        return refusal
    body = await _request_body(request)
    try:
        options = {
            "start": date.fromisoformat(body["od"]),
            "end": date.fromisoformat(body["do"]),
            "department_codes": list(body.get("dzialy") or []),
            "kind": Kind(body["rodzaj"]) if body.get("rodzaj") else None,
            "with_names": bool(body.get("imiennie")),
        }
    except (KeyError, ValueError, TypeError):  # also no body at all (None is not subscriptable)
        return PlainTextResponse("Nieprawidłowe żądanie eksportu.", status_code=400)

    def write(target: Path) -> Path:
        maintenance.writable_folder(target.parent, target)
        export_period(shared_database(), target, made_by="cli", **options)
        return target

    return await _write_inside(maintenance.export_folder(), body["out"], write)


async def report(request: Request) -> Response:
    """`jakosc raport` on this machine, while the app runs: the report written here, only inside
    the export folder (JAKOSC_EXPORT_DIR). A campaign's name or a department code unknown is a
    400 answer saying so (ReportRefused is a ValueError)."""
    refusal = _local_and_trusted(request)
    if refusal:
        return refusal
    body = await _request_body(request)
    try:
        start, end = (date.fromisoformat(body[name]) if body[name] else None for name in ("od", "do"))
        campaign = body.get("kampania") or None
        codes = [str(code) for code in body.get("dzialy") or []]
        if not isinstance(campaign, str | None):
            raise TypeError(campaign)
    except (KeyError, ValueError, TypeError):  # also no body at all (None is not subscriptable)
        return PlainTextResponse("Nieprawidłowe żądanie raportu.", status_code=400)

    def write(target: Path) -> Path:
        publish.file_format(target)
        maintenance.writable_folder(target.parent, target)
        db = shared_database()
        wanted = publish.request_for(db, start=start, end=end, campaign=campaign, department_codes=codes)
        return publish.write_report(db, target, wanted, today=now().date(), made_by="cli")

    return await _write_inside(maintenance.export_folder(), body["out"], write)


async def command(request: Request) -> Response:
    """`jakosc init`, `user add`, `user unlock`, `kiosk add`, `demo` or `stats` on this machine
    while the app runs (the app owns the file): the command's work, here, on the app's database,
    audited as the command's; the answer is its exit code and what it wrote. Any other command is
    refused."""
    refusal = _local_and_trusted(request)
    if refusal:
        return refusal
    try:
        body = await request.json()
        argv, password = body["argv"], body.get("password")
        if not (isinstance(argv, list) and all(isinstance(arg, str) for arg in argv)):
            raise TypeError(argv)
        args = cli.database_command(argv, password if isinstance(password, str) else None)
    except (ValueError, KeyError, TypeError, SystemExit):  # SystemExit: argparse refused the arguments
        args = None
    if args is None:
        return PlainTextResponse("Nieprawidłowe polecenie dla działającej aplikacji.", status_code=400)
    out, err = io.StringIO(), io.StringIO()
    code = await run_in_threadpool(args.work, shared_database(), args, out, err)
    return JSONResponse({"code": code, "out": out.getvalue(), "err": err.getvalue()})


async def health(_request: Request) -> Response:
    return JSONResponse(
        {"status": "ok", "migrations": shared_database().scalar("SELECT max(version) FROM schema_migrations")}
    )


# Every page may be framed by no site at all: a sibling host of the office's domain is "same
# site", so the SameSite=Strict session cookie alone would not stop it framing a signed-in page
# (clickjacking). The app runs inline scripts (st.html with JavaScript) and Streamlit's frontend
# compiles WebAssembly, hence 'unsafe-inline' and 'wasm-unsafe-eval' (no eval of JavaScript);
# everything else comes from this server only (the favicon too: ui/icon.png, so no visitor's
# address reaches Google's font server).
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'self' blob: data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP answer: the app's routes and Streamlit's own (the page,
    its static files, /_stcore/*, media)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


class ClosedMetrics:
    """Streamlit serves /_stcore/metrics to anyone; here only to this machine with the backup
    token, like the maintenance routes (monitoring uses /health)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].rstrip("/").endswith("/_stcore/metrics"):
            refusal = _local_and_trusted(Request(scope))
            if refusal:
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)


OWN_ROUTES = {"health"}  # the one-part addresses of the routes below that a browser may open


class UnknownAddresses:
    """A browser opening an address that is no page of the app (a mistyped or old bookmark, or
    /start, the start page's name, which lives at /) is sent to the start page: Streamlit would
    show its English "Page not found" dialog over it. Only a page load (the browser's
    Sec-Fetch-Mode: navigate) of a one-part address without a dot is redirected: files, downloads
    (/media/…), Streamlit's own routes and this server's are never touched."""

    def __init__(self, app: ASGIApp):
        self.app = app
        navigation = importlib.import_module("ui.navigation")
        self.pages = {path for _, path, _, _ in navigation.STAFF_PAGES.values()} - {navigation.START_PATH}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            request = Request(scope)
            path = scope["path"].strip("/")
            if (
                request.headers.get("sec-fetch-mode") == "navigate"
                and re.fullmatch(r"[^/._][^/.]*", path)
                and path not in self.pages | OWN_ROUTES
            ):
                query = scope["query_string"].decode("latin-1")
                await RedirectResponse("/" + (f"?{query}" if query else ""), status_code=302)(
                    scope, receive, send
                )
                return
        await self.app(scope, receive, send)


app = st.App(
    "app.py",
    middleware=[Middleware(SecurityHeaders), Middleware(ClosedMetrics), Middleware(UnknownAddresses)],
    routes=[
        Route("/auth/session", exchange_ticket, methods=["POST"]),
        Route("/auth/logout", clear_cookie, methods=["POST"]),
        Route("/health", health, methods=["GET"]),
        Route("/internal/backup", backup, methods=["POST"]),
        Route("/internal/export", export, methods=["POST"]),
        Route("/internal/report", report, methods=["POST"]),
        Route("/internal/command", command, methods=["POST"]),
    ],
)
