"""Accounts and API tokens as rows; passwords as argon2 hashes, tokens as SHA-256."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.memo import Memo
from planwatch.store.schema import ApiToken, Region, UserAccount

TOKEN_BYTES = 32


def find_user(session: Session, name: str) -> UserAccount | None:
    return session.scalars(select(UserAccount).where(UserAccount.name == name)).first()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token(session: Session, user: UserAccount) -> str:
    """A new random token for `user`; only its hash is stored, so it is shown once."""
    token = "pw_" + secrets.token_urlsafe(TOKEN_BYTES)
    session.add(ApiToken(user_id=user.id, token_hash=token_hash(token)))
    return token


def user_for_token(session: Session, token: str) -> UserAccount | None:
    query = select(UserAccount).join(ApiToken).where(ApiToken.token_hash == token_hash(token))
    return session.scalars(query).first()


_TREES: Memo[dict[int, int | None]] = Memo(16)


def _parents(session: Session) -> dict[int, int | None]:
    """{region id: parent id}, read once per data version (regions are only ever added,
    and every addition changes the version)."""
    from planwatch.store.version import versioned_key

    key = versioned_key(session)
    return _TREES.get(key, lambda: dict(session.execute(select(Region.id, Region.parent_id)).all()))


def subtree(session: Session, region_id: int) -> frozenset[int]:
    """The region and every region below it."""
    children: dict[int | None, list[int]] = {}
    for rid, parent in _parents(session).items():
        children.setdefault(parent, []).append(rid)
    out, todo = {region_id}, [region_id]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in out:
                out.add(child)
                todo.append(child)
    return frozenset(out)


def ancestors(session: Session, region_id: int) -> frozenset[int]:
    """The regions above `region_id` (its province, city …), without itself."""
    parents = _parents(session)
    out: set[int] = set()
    current = parents.get(region_id)
    while current is not None and current not in out:
        out.add(current)
        current = parents.get(current)
    return frozenset(out)
