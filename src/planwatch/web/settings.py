"""What the web app needs to know about where it runs."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from planwatch.paths import home
from planwatch.uploads import KEEP_DAYS

SECRET_ENV = "PLANWATCH_SECRET_KEY"
SESSION_HOURS = 12
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # as the readers' own limit
UPLOAD_DAYS_ENV = "PLANWATCH_UPLOAD_DAYS"
UPLOAD_DAYS = KEEP_DAYS


def secret_key() -> str:
    """The key that signs session cookies: from PLANWATCH_SECRET_KEY, else a random key
    kept in planwatch's home folder (made on first start, readable by its owner only),
    so sessions survive a restart."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV]
    path = home() / "secret_key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def upload_days() -> int:
    """How many days an upload nobody confirmed or discarded is kept: PLANWATCH_UPLOAD_DAYS
    (a whole number of days, at least 1), else a week: time enough to come back to a
    preview after a weekend, short enough that the folder does not fill the disk."""
    try:
        days = int(os.environ.get(UPLOAD_DAYS_ENV, UPLOAD_DAYS))
    except ValueError:
        return UPLOAD_DAYS
    return days if days >= 1 else UPLOAD_DAYS


@dataclass
class Settings:
    secret: str
    secure_cookies: bool = False  # set behind HTTPS
    login_attempts: int = 5  # failed sign-ins per name and address …
    login_window_s: int = 600  # … within this many seconds, then 429
    upload_days: int = UPLOAD_DAYS  # abandoned uploads are removed after this many days

    @classmethod
    def from_env(cls) -> Settings:
        return cls(secret=secret_key(), secure_cookies=os.environ.get("PLANWATCH_HTTPS") == "1",
                   upload_days=upload_days())  # fmt: skip
