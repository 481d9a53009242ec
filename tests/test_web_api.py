"""The JSON API: the contract scripts rely on, and who may do what (on SQLite and,
under CI, PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.store.audit_log import entries
from planwatch.store.db import reading
from tests.web_helpers import Site, make_site

VALUE = {"region": "示例县", "indicator": "规上工业增加值", "year": 2024, "value": 105.5,
         "unit": "亿元"}  # fmt: skip


@pytest.fixture
def site(engine, tmp_path: Path) -> Site:  # type: ignore[no-untyped-def]
    return make_site(engine, tmp_path)


def test_without_credentials_every_route_is_401(site: Site) -> None:
    anon = site.client()
    for path in ("/api/v1/plans", f"/api/v1/plans/{site.plan_id}/status?year=2023",
                 "/api/v1/observations", "/api/v1/audit"):  # fmt: skip
        r = anon.get(path)
        assert r.status_code == 401 and r.json()["code"] == "not_signed_in", path
    r = anon.post("/api/v1/observations", json=VALUE)
    assert r.status_code == 401
    bad = site.client()
    r = bad.get("/api/v1/plans", headers={"Authorization": "Bearer pw_not-a-token"})
    assert r.status_code == 401


def test_plans_and_status_contract(site: Site) -> None:
    api = site.api("viewer")
    plans = api.get("/api/v1/plans").json()
    assert plans["total"] == 1  # the neighbouring county's plan is not this viewer's
    item = plans["items"][0]
    assert {"id", "document", "title", "region"} <= set(item) and item["id"] == site.plan_id
    status = api.get(f"/api/v1/plans/{site.plan_id}/status?year=2023").json()
    first = status["items"][0]
    assert {"indicator", "region", "status", "task_progress", "time_progress"} <= set(first)
    va = next(i for i in status["items"] if i["indicator"] == "规上工业增加值"
              and i["region"] == "示例县")  # fmt: skip
    assert va["actual"] == pytest.approx(98.0) and va["time_progress"] == pytest.approx(0.6)
    assert api.get(f"/api/v1/plans/{site.other_plan_id}/status?year=2023").status_code == 404
    assert site.api("admin").get("/api/v1/plans").json()["total"] == 2


def test_post_observation_contract(site: Site) -> None:
    api = site.api("county-editor")
    r = api.post("/api/v1/observations", json=VALUE)
    assert r.status_code == 201
    body = r.json()
    assert (
        body["state"] == "draft"
        and body["value"] == 105.5
        and body["entered_by"] == "county-editor"
    )
    assert api.post("/api/v1/observations", json=VALUE).status_code == 200  # same value again
    for bad, words in [
        ({**VALUE, "unit": "吨"}, "unit"),
        ({**VALUE, "indicator": "没有这个指标"}, "unknown indicator"),
        ({**VALUE, "value": "NaN"}, "value"),
        ({**VALUE, "value": "Infinity"}, "value"),
        ({**VALUE, "region": "不存在县"}, "unknown region"),
        ({k: v for k, v in VALUE.items() if k != "year"}, "year"),
    ]:
        r = api.post("/api/v1/observations", json=bad)
        assert r.status_code == 422, bad
        # `message` stays English; `message_zh` beside it where the error has Chinese
        assert {"code", "message"} <= set(r.json()) <= {"code", "message", "message_zh"}
        assert words in r.json()["message"], r.json()


@pytest.mark.parametrize(
    ("user", "region", "status"),
    [
        ("other-editor", "示例县", 403),  # another county
        ("town-editor", "示例县", 403),  # the county above the town
        ("viewer", "示例县", 403),  # a viewer changes nothing
        ("town-editor", "东城街道", 201),
        ("county-editor", "东城街道", 201),  # a town below the county
        ("county-admin", "示例县", 201),
    ],
)
def test_who_may_record_where(site: Site, user: str, region: str, status: int) -> None:
    r = site.api(user).post("/api/v1/observations", json={**VALUE, "region": region})
    assert r.status_code == status, r.json()
    if status == 403:
        assert r.json()["code"] == "forbidden"


def test_drafts_are_invisible_outside_their_region_and_do_not_move_statuses(site: Site) -> None:
    editor = site.api("county-editor")
    draft = editor.post("/api/v1/observations", json={**VALUE, "year": 2023, "value": 200}).json()
    mine = editor.get("/api/v1/observations?state=draft").json()
    assert [v["id"] for v in mine["items"]] == [draft["id"]]
    assert site.api("other-editor").get("/api/v1/observations?state=draft").json()["total"] == 0
    assert site.api("town-editor").get("/api/v1/observations?state=draft").json()["total"] == 0
    status = editor.get(f"/api/v1/plans/{site.plan_id}/status?year=2023").json()["items"]
    va = next(i for i in status if i["indicator"] == "规上工业增加值" and i["region"] == "示例县")
    assert va["actual"] == pytest.approx(98.0)  # the approved value, not the draft


def test_submit_approve_return_flow_and_audit_log(site: Site) -> None:
    editor, reviewer = site.api("county-editor"), site.api("city-reviewer")
    draft = editor.post("/api/v1/observations", json={**VALUE, "year": 2023, "value": 110}).json()
    ids = {"ids": [draft["id"]]}
    assert reviewer.post("/api/v1/observations/approve", json=ids).status_code == 422  # a draft
    assert site.api("viewer").post("/api/v1/observations/submit", json=ids).status_code == 403
    assert site.api("other-editor").post("/api/v1/observations/submit", json=ids).status_code == 404
    assert (
        editor.post("/api/v1/observations/submit", json=ids).json()["items"][0]["state"]
        == "submitted"
    )
    # the county's own reviewer does not approve the county: the region above does
    assert (
        site.api("county-reviewer").post("/api/v1/observations/approve", json=ids).status_code
        == 403
    )
    assert editor.post("/api/v1/observations/approve", json=ids).status_code == 403
    r = reviewer.post("/api/v1/observations/return", json=ids)
    assert r.status_code == 422  # a return needs a note
    r = reviewer.post("/api/v1/observations/return", json={**ids, "note": "请核实口径"})
    assert r.json()["items"][0]["state"] == "returned"
    editor.post("/api/v1/observations/submit", json=ids)
    approved = reviewer.post("/api/v1/observations/approve", json=ids).json()["items"][0]
    assert approved["state"] == "approved"
    status = editor.get(f"/api/v1/plans/{site.plan_id}/status?year=2023").json()["items"]
    va = next(i for i in status if i["indicator"] == "规上工业增加值" and i["region"] == "示例县")
    assert va["actual"] == pytest.approx(110)  # approved values feed the statuses
    with reading(site.engine) as session:
        log, _ = entries(session)
    actions = [(e.user, e.action) for e in reversed(log) if e.entity == "observation"]
    assert actions == [
        ("county-editor", "value.draft"), ("county-editor", "value.submit"),
        ("city-reviewer", "value.return"), ("county-editor", "value.submit"),
        ("city-reviewer", "value.approve"),
    ]  # fmt: skip
    returned = next(e for e in log if e.action == "value.return")
    assert returned.old == {"state": "submitted", "review_note": ""}
    assert returned.new == {"state": "returned", "review_note": "请核实口径"}
    assert returned.region.endswith("示例县")


def test_audit_log_api_is_for_admins_of_the_region(site: Site) -> None:
    site.api("county-editor").post("/api/v1/observations", json=VALUE)
    site.api("other-editor").post("/api/v1/observations", json={**VALUE, "region": "邻县"})
    assert site.api("county-editor").get("/api/v1/audit").status_code == 403
    county = site.api("county-admin").get("/api/v1/audit?action=value.draft").json()
    assert county["total"] == 1 and county["items"][0]["user"] == "county-editor"
    assert site.api("admin").get("/api/v1/audit?action=value.draft").json()["total"] == 2


def test_openapi_document(site: Site) -> None:
    doc = site.client().get("/api/v1/openapi.json").json()
    assert {"/api/v1/plans", "/api/v1/plans/{plan_id}/status", "/api/v1/observations"} <= set(
        doc["paths"]
    )
    assert not any(p.startswith("/plans") or p == "/" for p in doc["paths"])  # pages are not API


def test_control_characters_are_refused_not_stored(site: Site) -> None:
    api = site.api("county-editor")
    r = api.post("/api/v1/observations", json={**VALUE, "region": "示例\u0000县"})
    assert r.status_code == 422 and r.json()["code"] == "invalid"
    r = api.get("/api/v1/observations?region=%00")
    assert r.status_code == 422
