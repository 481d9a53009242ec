"""Errors as the API answers them (`{"code", "message"}`) and as pages show them.

Service errors map to statuses here, in one place: not signed in 401, not allowed
403, not found 404 (also for what the user may not see), bad input 422.

A page shows an error in its own language (Chinese by default): the Chinese text a
raise site gave (`PlanwatchError.zh`), else the English. The API keeps `message`
English, since scripts match it, and adds `message_zh` (and `details_zh`) beside it.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from planwatch.approval import Forbidden, Rejected
from planwatch.errors import ArgumentError, InputError, PlanwatchError
from planwatch.land.forecast import LandInputError
from planwatch.store.plans import NotFound
from planwatch.web.auth import BadCsrf, NotSignedIn


class ErrorBody(BaseModel):
    code: str
    message: str
    message_zh: str | None = None  # the message in Chinese, where the error has one
    details: list[str] = []  # one line per problem (each bad row of a file), where there are
    details_zh: list[str] | None = None  # the same lines in Chinese, where they have one


class Problem(Exception):
    """A request a route refuses itself (no service error behind it): a status, a code
    for scripts, and the message in English and, for the pages, in Chinese."""

    def __init__(self, status: int, code: str, message: str, zh: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.zh = status, code, message, zh or None

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" and self.zh else self.message


def _status(exc: Exception) -> tuple[int, str]:
    if isinstance(exc, NotSignedIn):
        return 401, "not_signed_in"
    if isinstance(exc, BadCsrf):
        return 403, "csrf"
    if isinstance(exc, Forbidden):
        return 403, "forbidden"
    if isinstance(exc, NotFound):
        return 404, "not_found"
    if isinstance(exc, Rejected | InputError | ArgumentError | LandInputError):
        return 422, "invalid"
    return 400, "error"


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def json_error(
    status: int,
    code: str,
    message: str,
    details: list[str] | None = None,
    message_zh: str | None = None,
    details_zh: list[str] | None = None,
) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    body: dict[str, object] = {"code": code, "message": message}
    if message_zh:
        body["message_zh"] = message_zh
    if details:
        body["details"] = details
        if details_zh and details_zh != details:  # only lines that were put into Chinese
            body["details_zh"] = details_zh
    return JSONResponse(body, status_code=status, headers=headers)


def _refusal(request: Request, status: int, code: str, message: str, zh: str) -> Response:
    """A refusal of this module's own, in JSON or as a page in the page's language."""
    if _is_api(request):
        return json_error(status, code, message, message_zh=zh)
    return request.app.state.pages.error(request, status, message, zh=zh)


class NoNul:
    """A NUL in the path or query string is never a region, name or filter: refused
    before any route sees it. Plain ASGI rather than `@app.middleware("http")`, which
    runs every request through extra tasks and streams (a fifth of a page's time)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("query_string", b"") + scope.get("raw_path", b"")
            if b"%00" in raw or b"\x00" in raw:
                request = Request(scope, receive)
                message = "the address contains a NUL character"
                answer = _refusal(request, 422, "invalid", message, "地址中含有 NUL 字符")
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)


def install(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def problem(request: Request, exc: Problem) -> Response:
        return _refusal(request, exc.status, exc.code, exc.message, exc.zh or "")

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if _is_api(request):
            message = "sign in, or send Authorization: Bearer TOKEN"
            zh = "请先登录，或发送 Authorization: Bearer TOKEN"
            return json_error(401, "not_signed_in", message, message_zh=zh)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(PlanwatchError)
    async def service_error(request: Request, exc: PlanwatchError) -> Response:
        status, code = _status(exc)
        details = exc.detail_lines("en")  # an InputError's bad rows
        details_zh = exc.detail_lines("zh")
        if _is_api(request):
            return json_error(status, code, str(exc), details, exc.zh, details_zh)
        return request.app.state.pages.error(request, status, str(exc), details, zh=exc.zh,
                                             details_zh=details_zh)  # fmt: skip

    @app.exception_handler(BadCsrf)
    async def bad_csrf(request: Request, exc: BadCsrf) -> Response:
        message = "the form's security token is missing or old; reload the page and try again"
        zh = "表单的安全令牌缺失或已过期，请刷新页面后重试"
        return _refusal(request, 403, "csrf", message, zh)

    @app.exception_handler(DataError)
    async def unstorable(request: Request, exc: DataError) -> Response:
        """Text the database refuses (PostgreSQL takes no NUL character): the input's
        fault, not the server's."""
        message = "a value the database cannot hold (a NUL or other control character?)"
        zh = "数据库无法保存该值（是否含有 NUL 等控制字符？）"
        return _refusal(request, 422, "invalid", message, zh)

    app.add_middleware(NoNul)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body")
            parts.append(f"{where}: {e.get('msg', '')}")
        return json_error(422, "invalid", "; ".join(parts) or "invalid request")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _is_api(request) or exc.status_code != 404:
            return json_error(exc.status_code, "http_" + str(exc.status_code), str(exc.detail))
        return request.app.state.pages.error(request, 404, "no such page", zh="页面不存在")
