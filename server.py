"""The web server: Streamlit's ASGI app (app.py) plus the few plain HTTP routes it needs.

`streamlit run server.py` serves it. The routes exist because a Streamlit script cannot
set an HttpOnly cookie: /auth/session trades a one-time login ticket for the session
cookie, /auth/logout clears it, /health answers a monitoring probe, and /internal/backup
and /internal/export let `jakosc backup` and `jakosc export` on the same machine work on the
database the running app owns.
"""

import os
import secrets
import sys
from datetime import date
from pathlib import Path

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from streamlit.runtime.pages_manager import PagesManager

from analytics.export import export_period
from checklists.schema import Kind
from storage import maintenance, users
from storage.db import DatabaseLockedError, database_path, shared_database
from ui.session import COOKIE_NAME

# Streamlit 1.67 treats an app with a pages/ folder as an old-style multipage app until some
# session has run st.navigation: the first visitor after a start would get the files of
# pages/ by name and a "Page not found" dialog for every URL of app.py's navigation. The
# navigation is always built by app.py, so the folder is never to be served by name.
PagesManager.uses_pages_directory = False

MAX_TICKET_LENGTH = 200

# Open (and migrate) the database now: this process owns the file from the start, and a
# second server pointed at the same file stops here with a clear message.
try:
    shared_database()
except DatabaseLockedError as error:
    sys.exit(f"Jakość Obsługi nie wystartowała: {error}")
BACKUP_TOKEN = maintenance.new_backup_token(database_path())
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


def _local_and_trusted(request: Request) -> Response | None:
    """Maintenance routes answer only this machine's `jakosc` command, which knows the token."""
    if request.client is None or request.client.host not in LOCAL_CLIENTS:
        return PlainTextResponse("Tylko z tego samego komputera.", status_code=403)
    if not secrets.compare_digest(request.headers.get("X-Backup-Token", ""), BACKUP_TOKEN):
        return PlainTextResponse("Nieprawidłowy klucz.", status_code=403)
    return None


async def backup(request: Request) -> Response:
    """`jakosc backup` on this machine asks the running app (which owns the file) for a copy."""
    refusal = _local_and_trusted(request)
    if refusal:
        return refusal
    try:
        body = await request.json()
        out, keep = Path(body["out"]), body.get("keep")
        if keep:
            written = await run_in_threadpool(maintenance.backup_rotating, shared_database(), out, int(keep))
        else:
            await run_in_threadpool(maintenance.backup, shared_database(), out)
            written = out
    except FileExistsError as error:
        return PlainTextResponse(str(error), status_code=409)
    except (KeyError, ValueError, TypeError):
        return PlainTextResponse("Nieprawidłowe żądanie kopii.", status_code=400)
    return JSONResponse({"written": str(written)})


async def export(request: Request) -> Response:
    """`jakosc export` on this machine, while the app runs: the same workbook, written here."""
    refusal = _local_and_trusted(request)
    if refusal:
        return refusal
    try:
        body = await request.json()
        out = Path(body["out"])
        await run_in_threadpool(
            lambda: export_period(
                shared_database(),
                out,
                start=date.fromisoformat(body["od"]),
                end=date.fromisoformat(body["do"]),
                department_codes=list(body.get("dzialy") or []),
                kind=Kind(body["rodzaj"]) if body.get("rodzaj") else None,
                with_names=bool(body.get("imiennie")),
                made_by="cli",
            )
        )
    except (KeyError, ValueError, TypeError) as error:
        return PlainTextResponse(str(error) or "Nieprawidłowe żądanie eksportu.", status_code=400)
    return JSONResponse({"written": str(out)})


async def health(_request: Request) -> Response:
    return JSONResponse(
        {"status": "ok", "migrations": shared_database().scalar("SELECT max(version) FROM schema_migrations")}
    )


app = st.App(
    "app.py",
    routes=[
        Route("/auth/session", exchange_ticket, methods=["POST"]),
        Route("/auth/logout", clear_cookie, methods=["POST"]),
        Route("/health", health, methods=["GET"]),
        Route("/internal/backup", backup, methods=["POST"]),
        Route("/internal/export", export, methods=["POST"]),
    ],
)
