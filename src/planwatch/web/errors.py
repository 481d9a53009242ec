"""Errors as the API answers them (`{"code", "message"}`) and as pages show them.

Service errors map to statuses here, in one place: not signed in 401, not allowed
403, not found 404 (also for what the user may not see), bad input 422.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException

from planwatch.approval import Forbidden, Rejected
from planwatch.errors import ArgumentError, InputError, PlanwatchError
from planwatch.land.forecast import LandInputError
from planwatch.store.plans import NotFound
from planwatch.web.auth import BadCsrf, NotSignedIn


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[str] = []  # one line per problem (each bad row of a file), where there are


class Problem(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


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
    status: int, code: str, message: str, details: list[str] | None = None
) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    body: dict[str, object] = {"code": code, "message": message}
    if details:
        body["details"] = details
    return JSONResponse(body, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def problem(request: Request, exc: Problem) -> Response:
        if _is_api(request):
            return json_error(exc.status, exc.code, exc.message)
        return request.app.state.pages.error(request, exc.status, exc.message)

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if _is_api(request):
            return json_error(401, "not_signed_in", "sign in, or send Authorization: Bearer TOKEN")
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(PlanwatchError)
    async def service_error(request: Request, exc: PlanwatchError) -> Response:
        status, code = _status(exc)
        details = list(getattr(exc, "details", []))  # an InputError's bad rows
        if _is_api(request):
            return json_error(status, code, str(exc), details)
        return request.app.state.pages.error(request, status, str(exc), details)

    @app.exception_handler(BadCsrf)
    async def bad_csrf(request: Request, exc: BadCsrf) -> Response:
        message = "the form's security token is missing or old; reload the page and try again"
        if _is_api(request):
            return json_error(403, "csrf", message)
        return request.app.state.pages.error(request, 403, message)

    @app.exception_handler(DataError)
    async def unstorable(request: Request, exc: DataError) -> Response:
        """Text the database refuses (PostgreSQL takes no NUL character): the input's
        fault, not the server's."""
        message = "a value the database cannot hold (a NUL or other control character?)"
        if _is_api(request):
            return json_error(422, "invalid", message)
        return request.app.state.pages.error(request, 422, message)

    @app.middleware("http")
    async def no_nul(request: Request, call_next):  # type: ignore[no-untyped-def]
        """A NUL in the path or query string is never a region, name or filter."""
        raw = request.scope.get("query_string", b"") + request.scope.get("raw_path", b"")
        if b"%00" in raw or b"\x00" in raw:
            message = "the address contains a NUL character"
            if _is_api(request):
                return json_error(422, "invalid", message)
            return request.app.state.pages.error(request, 422, message)
        return await call_next(request)

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
        return request.app.state.pages.error(request, 404, "no such page")
