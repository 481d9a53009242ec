"""A web app on a test store: the sample plan under 示例省/示例市/示例县 (with its towns),
a second county's plan, approved actuals, and one account per role and place."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from planwatch import accounts, operations
from planwatch.models.access import Role
from planwatch.web.app import create_app
from planwatch.web.settings import Settings

SAMPLES = Path(__file__).parents[1] / "src" / "planwatch" / "samples"
COUNTY = "示例省/示例市/示例县"
OTHER = "示例省/示例市/邻县"
PASSWORD = "correct horse battery"
USERS = {
    "admin": (Role.ADMIN, None),
    "county-admin": (Role.ADMIN, COUNTY),
    "city-reviewer": (Role.REVIEWER, "示例省/示例市"),
    "county-reviewer": (Role.REVIEWER, COUNTY),
    "county-editor": (Role.EDITOR, COUNTY),
    "town-editor": (Role.EDITOR, f"{COUNTY}/东城街道"),
    "other-editor": (Role.EDITOR, OTHER),
    "viewer": (Role.VIEWER, COUNTY),
}


@dataclass
class Site:
    engine: Engine
    app: object
    plan_id: int
    other_plan_id: int
    clients: dict[str, TestClient] = field(default_factory=dict)

    def client(self, name: str | None = None) -> TestClient:
        """A browser signed in as `name` (None: nobody)."""
        key = name or ""
        if key not in self.clients:
            c = TestClient(self.app, follow_redirects=False)  # type: ignore[arg-type]
            if name:
                r = c.post("/login", data={"username": name, "password": PASSWORD})
                assert r.status_code == 303, r.text
            self.clients[key] = c
        return self.clients[key]

    def csrf(self, name: str) -> str:
        page = self.client(name).get("/review").text
        found = re.search(r'name="csrf" value="([^"]+)"', page)
        assert found, page[:500]
        return found.group(1)

    def english(self, name: str) -> tuple[TestClient, str]:
        """A new browser of `name` switched to English (`?lang=en` sets the cookie), and
        its form token."""
        c = TestClient(self.app, follow_redirects=False)  # type: ignore[arg-type]
        assert c.post("/login", data={"username": name, "password": PASSWORD}).status_code == 303
        page = c.get("/review?lang=en").text
        assert c.cookies.get("lang") == "en"
        token = re.search(r'name="csrf" value="([^"]+)"', page)
        assert token, page[:300]
        return c, token.group(1)

    def api(self, name: str) -> TestClient:
        """A script with `name`'s API token."""
        token = accounts.issue_token(self.engine, name)
        return TestClient(self.app, headers={"Authorization": f"Bearer {token}"})  # type: ignore[arg-type]


def make_site(engine: Engine, tmp: Path) -> Site:
    plan = shutil.copy(SAMPLES / "sample_plan.txt", tmp / "sample_plan.txt")
    other = tmp / "neighbour_plan.txt"
    other.write_text(
        Path(plan).read_text(encoding="utf-8").replace("示例县", "邻县"), encoding="utf-8"
    )
    first = operations.import_plan_file(engine, Path(plan), COUNTY)
    second = operations.import_plan_file(engine, other, OTHER)
    operations.import_actuals_file(engine, SAMPLES / "sample_actuals.csv")
    for name, (role, region) in USERS.items():
        accounts.add_user(engine, name, role, region, PASSWORD)
    app = create_app(engine, Settings(secret="test-secret-" * 4, login_attempts=3))
    return Site(engine, app, first.plan_id, second.plan_id)
