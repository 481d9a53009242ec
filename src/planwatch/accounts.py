"""Accounts: adding users, signing in, API tokens, and who a request is (`Actor`).

The web app and the `planwatch user` commands call these; they run on the store
like the rest of `operations`. Passwords are hashed with argon2id (argon2-cffi's
defaults); a wrong password and an unknown name are the same answer.
"""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from planwatch.errors import ArgumentError
from planwatch.memo import Memo
from planwatch.models.access import Actor, Role, UserInfo
from planwatch.store.audit_log import log
from planwatch.store.db import reading, write
from planwatch.store.regions import find_path, path_of
from planwatch.store.schema import UserAccount
from planwatch.store.users import find_user, new_token, subtree, user_for_token
from planwatch.store.version import versioned_key

_HASHER = PasswordHasher()
MIN_PASSWORD = 8


@functools.cache
def _dummy() -> str:
    """Verifying against this when the name is unknown takes as long as a real check, so
    the time of the answer does not tell which names exist. Made on first use, not at
    import: hashing is slow on purpose, and every web worker imports this module."""
    return _HASHER.hash("planwatch-no-such-user")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ArgumentError(f"the password must have at least {MIN_PASSWORD} characters",
                            zh=f"密码至少需要{MIN_PASSWORD}个字符")  # fmt: skip


def add_user(
    engine: Engine,
    name: str,
    role: Role,
    region: str | None,
    password: str,
    actor: Actor | None = None,
) -> UserInfo:
    """A new account; the region must already be in the store (a plan's or a sub-region)."""
    name = name.strip()
    if not name:
        raise ArgumentError("the user name is empty", zh="用户名不能为空")
    _check_password(password)
    hashed = _HASHER.hash(password)

    def work(session: Session) -> UserInfo:
        if find_user(session, name) is not None:
            raise ArgumentError(f"user '{name}' exists already", zh=f"用户“{name}”已存在")
        place = None
        if region:
            place = find_path(session, region)
            if place is None:
                raise ArgumentError(
                    f"--region {region}: no such region in the store (import its plan first)",
                    zh=f"地区{region}：库中没有该地区（请先导入其规划）",
                )
        if actor is not None and place is not None and not actor.covers(place.id):
            raise ArgumentError(f"region {region} is outside your own",
                                zh=f"地区{region}不在您的管辖范围内")  # fmt: skip
        user = UserAccount(
            name=name,
            password_hash=hashed,
            role=role.value,
            region_id=place.id if place else None,
            active=True,
        )
        session.add(user)
        session.flush()
        log(
            session,
            actor,
            "user.add",
            "user",
            name,
            place.id if place else None,
            new={"role": role.value, "region": path_of(place)},
        )
        return UserInfo(name=name, role=role, region=path_of(place))

    return write(engine, work)


def _actor(session: Session, user: UserAccount, address: str = "") -> Actor:
    regions = subtree(session, user.region_id) if user.region_id is not None else None
    return Actor(
        name=user.name,
        role=Role(user.role),
        region=path_of(user.region),
        region_id=user.region_id,
        regions=regions,
        address=address,
    )


def authenticate(engine: Engine, name: str, password: str, address: str = "") -> Actor | None:
    """The actor for a name and password, or None (unknown name, wrong password, disabled)."""
    with reading(engine) as session:
        user = find_user(session, name)
        try:
            _HASHER.verify(user.password_hash if user else _dummy(), password)
        except (VerificationError, InvalidHashError):
            return None
        if user is None or not user.active:
            return None
        return _actor(session, user, address)


_ACTORS: Memo[Actor | None] = Memo(1024)


def actor_named(engine: Engine, name: str, address: str = "") -> Actor | None:
    """The actor of a signed session cookie's user (None when the account is gone).

    Asked on every page, so it is kept per data version: any change to accounts is
    logged, which moves the version (`store.version`)."""
    with reading(engine) as session:
        key = versioned_key(session, name)

        def make() -> Actor | None:
            user = find_user(session, name)
            return _actor(session, user) if user is not None and user.active else None

        found = _ACTORS.get(key, make)
    return found.model_copy(update={"address": address}) if found else None


def actor_for_token(engine: Engine, token: str, address: str = "") -> Actor | None:
    with reading(engine) as session:
        user = user_for_token(session, token)
        return _actor(session, user, address) if user is not None and user.active else None


def issue_token(engine: Engine, name: str) -> str:
    """A new API token for `name` (sent as `Authorization: Bearer TOKEN`)."""

    def work(session: Session) -> str:
        user = find_user(session, name)
        if user is None:
            raise ArgumentError(f"no user '{name}' (see `planwatch user list`)",
                                zh=f"未找到用户“{name}”（见 `planwatch user list`）")  # fmt: skip
        token = new_token(session, user)
        log(session, None, "token.issue", "user", name, user.region_id)
        return token

    return write(engine, work)


def users(engine: Engine) -> list[UserInfo]:
    with reading(engine) as session:
        rows = session.scalars(select(UserAccount).order_by(UserAccount.name))
        return [
            UserInfo(name=u.name, role=Role(u.role), region=path_of(u.region), active=u.active)
            for u in rows
        ]
