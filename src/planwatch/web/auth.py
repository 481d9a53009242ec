"""Who is asking: signed session cookies for the pages, bearer tokens for scripts,
CSRF tokens for forms, and a limit on failed sign-ins.

A session cookie holds the user's name and a CSRF token, signed (itsdangerous) and
timed; it is HttpOnly and SameSite=Lax. Every request that changes something and
comes with the cookie must carry the CSRF token (a form field `csrf`, or the header
`X-CSRF-Token` that htmx sends); token-authenticated API calls need none, since a
browser never adds a bearer token by itself.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import ColumnElement, Engine, delete, select
from sqlalchemy.orm import Session

from planwatch.accounts import actor_for_token, actor_named
from planwatch.models.access import Actor
from planwatch.store.db import write
from planwatch.store.schema import LoginFailure
from planwatch.web.settings import SESSION_HOURS, Settings

COOKIE = "planwatch_session"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
NAME_CHARS = 200  # a sign-in name is counted by this many characters
SWEEP_EVERY = timedelta(minutes=1)


class NotSignedIn(Exception):
    """No valid session or token: pages send to /login, the API answers 401."""


class BadCsrf(Exception):
    """A change sent with the session cookie but without its CSRF token."""


class Sessions:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.signer = URLSafeTimedSerializer(settings.secret, salt="planwatch-session")

    def new(self, name: str) -> tuple[str, str]:
        """(cookie value, CSRF token) of a fresh session."""
        csrf = secrets.token_urlsafe(24)
        return self.signer.dumps({"u": name, "c": csrf}), csrf

    def read(self, value: str | None) -> dict[str, str] | None:
        if not value:
            return None
        try:
            data = self.signer.loads(value, max_age=SESSION_HOURS * 3600)
        except BadSignature:
            return None
        return data if isinstance(data, dict) and "u" in data and "c" in data else None


def utc_now() -> datetime:
    """The wall clock in UTC, as the store keeps times (naive)."""
    return datetime.now(UTC).replace(tzinfo=None)


class LoginLimiter:
    """At most `attempts` failed sign-ins per (address, name) in `window` seconds.

    The failures are kept in the store (`login_failure`), so the limit is the same for
    every worker of `planwatch serve --workers N` and survives a restart. Times come
    from the wall clock (UTC), which every process on the machine shares.

    `blocked` both checks and counts: an attempt that may go ahead is recorded as a
    failure in the same transaction as the check, before the password is tried, so two
    workers trying the same name at once cannot both take the last attempt. `succeeded`
    then takes it back with the pair's other failures; `failed` has nothing left to do.
    """

    def __init__(
        self, engine: Engine, attempts: int, window: int, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.engine, self.attempts, self.window, self.clock = engine, attempts, window, clock
        self._swept: datetime | None = None  # when this process last deleted aged rows

    def blocked(self, address: str, name: str) -> bool:
        """Whether this sign-in is refused; if not, it is counted as a failure already."""
        return not write(self.engine, lambda session: self._take(session, address, _key(name)))

    def failed(self, address: str, name: str) -> None:
        """Nothing to do: `blocked` counted this attempt before the password was tried."""

    def succeeded(self, address: str, name: str) -> None:
        """Forget the pair's failures (and everyone's that have aged out of the window)."""
        since = self.clock() - timedelta(seconds=self.window)
        pair = (LoginFailure.address == address) & (LoginFailure.user_name == _key(name))
        write(self.engine, lambda s: s.execute(delete(LoginFailure).where(pair | _aged(since))))

    def _take(self, session: Session, address: str, name: str) -> bool:
        """Count one more attempt unless the pair has used them all: True if counted.
        On PostgreSQL the pair's row is locked until the commit (a second worker waits,
        then sees this attempt); two workers creating the row at once collide on its
        unique key and `write` runs the loser again. SQLite writers take turns anyway."""
        now = self.clock()
        since = now - timedelta(seconds=self.window)
        row = session.scalar(
            select(LoginFailure)
            .where(LoginFailure.address == address, LoginFailure.user_name == name)
            .with_for_update()
        )
        times = [] if row is None else [t for t in row.times if datetime.fromisoformat(t) > since]
        if len(times) >= self.attempts:
            return False
        times.append(now.isoformat())
        if row is None:
            self._sweep(session, now, since)
            session.add(LoginFailure(address=address, user_name=name, times=times, last_at=now))
        else:
            row.times, row.last_at = times, now
        return True

    def _sweep(self, session: Session, now: datetime, since: datetime) -> None:
        """Delete rows whose failures have all aged out, at most once a minute per
        process, when a row is added: the table holds little more than the pairs that
        failed within the window."""
        if self._swept is not None and timedelta(0) <= now - self._swept < SWEEP_EVERY:
            return
        session.execute(delete(LoginFailure).where(_aged(since)))
        self._swept = now


def _key(name: str) -> str:
    """The name as counted: a long one by its start (an index entry has a size limit,
    and a name that long is not an account's anyway)."""
    return name[:NAME_CHARS]


def _aged(since: datetime) -> ColumnElement[bool]:
    return LoginFailure.last_at <= since


def address(request: Request) -> str:
    return request.client.host if request.client else ""


def session_of(request: Request) -> dict[str, str] | None:
    sessions: Sessions = request.app.state.sessions
    return sessions.read(request.cookies.get(COOKIE))


def actor_of(request: Request, api: bool) -> Actor:
    """The signed-in user of a request (bearer token first, for the API), or NotSignedIn.
    A change made with the session cookie must carry the session's CSRF token."""
    engine = request.app.state.engine
    header = request.headers.get("authorization", "")
    if api and header.lower().startswith("bearer "):
        actor = actor_for_token(engine, header[7:].strip(), address(request))
        if actor is None:
            raise NotSignedIn()
        return actor
    data = session_of(request)
    if data is None:
        raise NotSignedIn()
    actor = actor_named(engine, data["u"], address(request))
    if actor is None:
        raise NotSignedIn()
    request.state.csrf = data["c"]
    return actor


async def check_csrf(request: Request) -> None:
    """Raise BadCsrf for a cookie-authenticated change without the session's token."""
    if request.method in SAFE_METHODS:
        return
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return
    expected = getattr(request.state, "csrf", None)
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf")
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not secrets.compare_digest(expected, sent):
        raise BadCsrf()
