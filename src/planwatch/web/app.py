"""The FastAPI application: `create_app()` wires the store, sessions, routes and errors.

`planwatch serve` runs it with uvicorn; tests build one on a store of their own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from importlib.resources import files

from anyio import to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.types import ASGIApp, Receive, Scope, Send

import planwatch
from planwatch import uploads
from planwatch.store.db import POOL
from planwatch.store.version import one_version
from planwatch.web import api, chain_pages, errors, pages, warn_pages
from planwatch.web.auth import LoginLimiter, Sessions
from planwatch.web.settings import Settings

DESCRIPTION = (
    "planwatch's JSON API: plans, statuses, values with their approval state, the audit "
    "log. Authenticate with `Authorization: Bearer TOKEN` (`planwatch user token NAME`). "
    "Errors are `{code, message}`."
)


class OneVersionPerPage:
    """A page (a GET) is read at one data version, read once: see
    `store.version.one_version`. Requests that change data read it as often as they
    need, so they see their own changes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            with one_version():
                await self.app(scope, receive, send)
        else:
            await self.app(scope, receive, send)


# Threads that run pages at once in one process (anyio's default is 40). Python runs one
# at a time; more threads than connections only queue for the interpreter and the
# store, and each page then waits behind the others' switching.
THREADS = POOL["pool_size"]


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """At start: remove uploads abandoned while the server was down (each worker tries;
    what one removes the others skip)."""
    to_thread.current_default_thread_limiter().total_tokens = THREADS
    uploads.clean_now(app.state.engine)
    yield


def create_app(engine: Engine | None = None, settings: Settings | None = None) -> FastAPI:
    if engine is None:
        from planwatch.commands.common import store_engine

        engine = store_engine()  # created and migrated if new
    app = FastAPI(
        title="planwatch",
        version=planwatch.__version__,
        description=DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
        lifespan=_lifespan,
    )
    settings = settings or Settings.from_env()
    app.state.engine = engine
    app.state.settings = settings
    app.state.sessions = Sessions(settings)
    app.state.limiter = LoginLimiter(engine, settings.login_attempts, settings.login_window_s)
    uploads.SCHEDULE.older_than = timedelta(days=settings.upload_days)
    app.state.pages = pages.Pages()
    vendor = files("planwatch") / "static" / "vendor"
    own = files("planwatch") / "web" / "static"
    app.mount("/static/vendor", StaticFiles(directory=str(vendor)), name="vendor")
    app.mount("/static/app", StaticFiles(directory=str(own)), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(chain_pages.router)
    app.include_router(warn_pages.router)
    errors.install(app)
    app.add_middleware(OneVersionPerPage)
    return app
