"""The web server: Streamlit's ASGI app (app.py) plus the few plain HTTP routes it needs.

`streamlit run server.py` serves it. The routes exist because a Streamlit script cannot
set an HttpOnly cookie: /auth/session trades a one-time login ticket for the session
cookie, /auth/logout clears it, /health answers a monitoring probe.
"""

import os

import streamlit as st
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from streamlit.runtime.pages_manager import PagesManager

from storage import users
from storage.db import shared_database
from ui.session import COOKIE_NAME

# Streamlit 1.67 treats an app with a pages/ folder as an old-style multipage app until some
# session has run st.navigation: the first visitor after a start would get the files of
# pages/ by name and a "Page not found" dialog for every URL of app.py's navigation. The
# navigation is always built by app.py, so the folder is never to be served by name.
PagesManager.uses_pages_directory = False

MAX_TICKET_LENGTH = 200
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
    ],
)
