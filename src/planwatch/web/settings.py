"""What the web app needs to know about where it runs."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from planwatch.paths import home

SECRET_ENV = "PLANWATCH_SECRET_KEY"
SESSION_HOURS = 12
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # as the readers' own limit


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


@dataclass
class Settings:
    secret: str
    secure_cookies: bool = False  # set behind HTTPS
    login_attempts: int = 5  # failed sign-ins per name and address …
    login_window_s: int = 600  # … within this many seconds, then 429
    uploads: Path | None = None  # where uploaded plans are kept (default: home/uploads)

    @classmethod
    def from_env(cls) -> Settings:
        return cls(secret=secret_key(), secure_cookies=os.environ.get("PLANWATCH_HTTPS") == "1")
