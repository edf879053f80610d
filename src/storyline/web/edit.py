"""Corrections from the browser, with ``storyline serve --edit`` only (the server is read-only
without it): each form posts to a route here, which makes the correction through the API and
sends the browser back to the page it came from.

A form carries the server's CSRF token (a random value a page of this server embeds, which
another site cannot read), and a request whose ``Origin`` names another host is refused. With a
token (``--token``, needed to listen beyond loopback), every request must carry it: as a cookie
set by ``/login?token=…``, or as ``Authorization: Bearer …``.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from storyline.api import Dossier
from storyline.corrections import CorrectionError

TOKEN_COOKIE = "storyline_token"
MAX_FORM_BYTES = 64 * 1024


class Editing:
    """What the edit routes share: the database, the CSRF token, the access token."""

    def __init__(self, db_path: str, token: str | None) -> None:
        self.db_path = db_path
        self.token = token
        self.csrf = secrets.token_urlsafe(32)

    @contextmanager
    def dossier(self) -> Iterator[Dossier]:
        opened = Dossier(self.db_path, create=False)
        try:
            yield opened
        finally:
            opened.close()


def add_edit_routes(app: FastAPI, editing: Editing) -> None:
    """The POST routes that make corrections, and the token check when there is a token."""

    @app.post("/fix/date", include_in_schema=False)
    async def fix_date(request: Request) -> Response:
        form = await _form(request, editing)
        with editing.dossier() as dossier:
            _fixed(lambda: dossier.fix_date(form["document"], form["value"], note=_note(form)))
        return _back(form, f"/documents/{form['document']}")

    @app.post("/fix/speaker", include_in_schema=False)
    async def fix_speaker(request: Request) -> Response:
        form = await _form(request, editing)
        with editing.dossier() as dossier:
            _fixed(lambda: dossier.fix_speaker(form["quote"], form["name"], note=_note(form)))
        return _back(form, "/")

    @app.post("/fix/event", include_in_schema=False)
    async def fix_event(request: Request) -> Response:
        form = await _form(request, editing)
        fields = {key: form.get(key) or None for key in ("status", "date", "title")}
        with editing.dossier() as dossier:
            _fixed(lambda: dossier.fix_event(form["event"], note=_note(form), **fields))
        return _back(form, "/")

    @app.post("/fix/story", include_in_schema=False)
    async def fix_story(request: Request) -> Response:
        form = await _form(request, editing)
        with editing.dossier() as dossier:
            _fixed(lambda: dossier.merge_stories(form["story"], [form["other"]], note=_note(form)))
        return _back(form, f"/stories/{form['story']}")

    @app.post("/fix/events", include_in_schema=False)
    async def fix_events(request: Request) -> Response:
        form = await _form(request, editing)
        with editing.dossier() as dossier:
            if form.get("action") == "split":
                _fixed(lambda: dossier.split_event(form["event"], form["document"]))
            else:
                _fixed(lambda: dossier.merge_events(form["event"], [form["other"]]))
        return _back(form, "/")

    @app.post("/fix/article", include_in_schema=False)
    async def fix_article(request: Request) -> Response:
        form = await _form(request, editing)
        with editing.dossier() as dossier:
            if form.get("story"):
                _fixed(lambda: dossier.move_to_story(form["document"], form["story"]))
            else:
                _fixed(lambda: dossier.split_story(form["document"]))
        return _back(form, "/")

    @app.post("/fixes/undo", include_in_schema=False)
    async def undo(request: Request) -> Response:
        form = await _form(request, editing)
        if not form.get("correction", "").isdigit():
            raise HTTPException(400, "bad parameter: correction")
        with editing.dossier() as dossier:
            _fixed(lambda: dossier.undo_correction(int(form["correction"])))
        return _back(form, "/fixes")

    if editing.token is None:
        return

    @app.get("/login", include_in_schema=False)
    def login(token: str = "") -> Response:
        if not hmac.compare_digest(token, editing.token or ""):
            raise HTTPException(403, "wrong token")
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        return response

    @app.middleware("http")
    async def needs_token(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.url.path in ("/login",) or request.url.path.startswith("/static/"):
            return await call_next(request)
        given = request.cookies.get(TOKEN_COOKIE, "")
        bearer = request.headers.get("authorization", "")
        if bearer.lower().startswith("bearer "):
            given = bearer[7:].strip()
        if not hmac.compare_digest(given, editing.token or ""):
            return Response("a token is needed: open /login?token=…", status_code=401)
        return await call_next(request)


async def _form(request: Request, editing: Editing) -> dict[str, str]:
    """The posted form, once its CSRF token and origin are checked."""
    origin = request.headers.get("origin")
    # "null": the pages' no-referrer policy makes browsers hide the origin; the token decides.
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", ""):
        raise HTTPException(403, "a form from another site")
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise HTTPException(413, "form too large")
    form = {key: values[-1] for key, values in parse_qs(body.decode("utf-8", "replace")).items()}
    if not hmac.compare_digest(form.get("csrf", ""), editing.csrf):
        raise HTTPException(403, "the form's token is missing or stale: reload the page")
    return form


def _fixed(correct: Callable[[], object]) -> None:
    try:
        correct()
    except CorrectionError as error:
        raise HTTPException(400, str(error)) from error
    except KeyError as error:
        raise HTTPException(400, f"bad parameter: {error.args[0]}") from error


def _note(form: dict[str, str]) -> str | None:
    return form.get("note") or None


def _back(form: dict[str, str], default: str) -> Response:
    """Back to the page the form was on: a path of this site only (never another site)."""
    target = form.get("next") or default
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = default
    return RedirectResponse(target, status_code=303)
