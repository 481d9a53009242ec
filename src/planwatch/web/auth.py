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
import time
from collections import defaultdict, deque

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from planwatch.accounts import actor_for_token, actor_named
from planwatch.models.access import Actor
from planwatch.web.settings import SESSION_HOURS, Settings

COOKIE = "planwatch_session"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


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


class LoginLimiter:
    """At most `attempts` failed sign-ins per (address, name) in `window` seconds."""

    def __init__(self, attempts: int, window: int) -> None:
        self.attempts, self.window = attempts, window
        self.failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        q = self.failures[key]
        while q and q[0] < time.monotonic() - self.window:
            q.popleft()
        return q

    def blocked(self, address: str, name: str) -> bool:
        return len(self._recent((address, name))) >= self.attempts

    def failed(self, address: str, name: str) -> None:
        self._recent((address, name)).append(time.monotonic())

    def succeeded(self, address: str, name: str) -> None:
        self.failures.pop((address, name), None)


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
