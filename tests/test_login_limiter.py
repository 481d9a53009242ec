"""The limit on failed sign-ins is kept in the store: it holds across the workers of
`planwatch serve --workers N` (here: several limiters and apps on one store), a success
clears it, the window slides, and workers failing at once never get past it."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, func, select

from planwatch import accounts
from planwatch.models.access import Role
from planwatch.store.db import make_engine, reading
from planwatch.store.schema import LoginFailure
from planwatch.web.app import create_app
from planwatch.web.auth import LoginLimiter
from planwatch.web.settings import Settings

WINDOW = 600
START = datetime(2026, 12, 1, 9, 0, 0)


class Clock:
    """A wall clock the test moves."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def at(self, seconds: float) -> None:
        self.now = START + timedelta(seconds=seconds)


def attempt(limiter: LoginLimiter, name: str = "ana", where: str = "10.0.0.1") -> bool:
    """One wrong password, as the sign-in page runs it: True if it was refused (429)."""
    if limiter.blocked(where, name):
        return True
    limiter.failed(where, name)
    return False


def rows(engine: Engine) -> int:
    with reading(engine) as session:
        return session.scalar(select(func.count()).select_from(LoginFailure)) or 0


def test_the_limit_holds_across_workers_on_one_store(engine: Engine) -> None:
    clock = Clock()
    first, second = (LoginLimiter(engine, 3, WINDOW, clock) for _ in range(2))
    assert not attempt(first) and not attempt(second) and not attempt(first)
    assert attempt(second) and attempt(first)  # the third failure was the last, wherever
    assert not attempt(second, name="bo")  # another name …
    assert not attempt(first, where="10.0.0.2")  # … or another address is not blocked
    restarted = LoginLimiter(engine, 3, WINDOW, clock)
    assert attempt(restarted)  # a restart forgets nothing


def test_a_success_clears_the_failures(engine: Engine) -> None:
    clock = Clock()
    limiter, other = LoginLimiter(engine, 3, WINDOW, clock), LoginLimiter(engine, 3, WINDOW, clock)
    assert not attempt(limiter) and not attempt(limiter)
    assert not limiter.blocked("10.0.0.1", "ana")  # the right password, this time
    other.succeeded("10.0.0.1", "ana")
    assert [attempt(limiter) for _ in range(4)] == [False, False, False, True]


def test_the_window_slides(engine: Engine) -> None:
    clock = Clock()
    limiter = LoginLimiter(engine, 3, WINDOW, clock)
    for t in (0, 100, 200):
        clock.at(t)
        assert not attempt(limiter)
    clock.at(WINDOW - 1)
    assert attempt(limiter)  # refused attempts do not count: the first still ages out at 600
    clock.at(WINDOW + 1)
    assert not attempt(limiter)  # the failure at 0 has aged out: one more try …
    assert attempt(limiter)  # … and then the ones at 100, 200 and 601 fill the window
    clock.at(WINDOW + 201)
    assert not attempt(limiter)


def test_aged_rows_are_deleted(engine: Engine) -> None:
    clock = Clock()
    limiter = LoginLimiter(engine, 3, WINDOW, clock)
    for name in ("a", "b", "c"):
        attempt(limiter, name)
    assert rows(engine) == 3
    clock.at(WINDOW + 61)  # all aged, and the once-a-minute sweep is due
    attempt(limiter, "d")
    assert rows(engine) == 1
    LoginLimiter(engine, 3, WINDOW, clock).succeeded("10.0.0.1", "d")
    assert rows(engine) == 0


def test_an_attempt_costs_one_or_two_statements(engine: Engine) -> None:
    clock = Clock()
    limiter = LoginLimiter(engine, 3, WINDOW, clock)
    attempt(limiter)  # the first makes the pair's row (and may sweep aged ones)
    statements: list[str] = []

    def seen(conn, cursor, sql: str, *args) -> None:  # type: ignore[no-untyped-def]
        if not sql.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            statements.append(sql)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        attempt(limiter)
        assert len(statements) == 2  # read the pair's row (locked), write it
        statements.clear()
        attempt(limiter)
        assert attempt(limiter) and len(statements) == 3  # a refusal only reads
        statements.clear()
        limiter.succeeded("10.0.0.1", "ana")
        assert len(statements) == 1
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def _race(db_url: str, workers: int, name: str) -> list[bool]:
    """`workers` limiters, each on an engine of its own (as processes are), try the same
    name at the same moment; what each was told."""
    engines = [make_engine(db_url) for _ in range(workers)]
    limiters = [LoginLimiter(e, 3, WINDOW) for e in engines]
    for e in engines:  # connect first, so that the attempts start together
        e.connect().close()
    start = threading.Barrier(workers)
    refused: list[bool] = [False] * workers

    def run(i: int) -> None:
        start.wait()
        refused[i] = attempt(limiters[i], name)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for e in engines:
        e.dispose()
    return refused


def test_workers_failing_at_once_never_pass_the_limit(engine: Engine, db_url: str) -> None:
    assert sorted(_race(db_url, 6, "new")) == [False] * 3 + [True] * 3  # the row made at once
    limiter = LoginLimiter(engine, 3, WINDOW)
    assert not attempt(limiter, "used") and not attempt(limiter, "used")
    assert sorted(_race(db_url, 6, "used")) == [False] + [True] * 5  # one try left, one taker
    assert rows(engine) == 2


def test_the_sign_in_page_limit_holds_across_two_apps(engine: Engine, tmp_path: Path) -> None:
    accounts.add_user(engine, "ana", Role.VIEWER, None, "correct horse battery")
    settings = Settings(secret="test-secret-" * 4, login_attempts=3)
    first, second = (TestClient(create_app(engine, settings), follow_redirects=False)
                     for _ in range(2))  # fmt: skip
    wrong = {"username": "ana", "password": "wrong"}
    assert [c.post("/login", data=wrong).status_code for c in (first, second, first)] == [401] * 3
    right = {"username": "ana", "password": "correct horse battery"}
    assert second.post("/login", data=right).status_code == 429
    assert first.post("/login", data=right).status_code == 429
