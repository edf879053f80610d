"""``storyline serve``: the dossier as web pages and a JSON API, read-only, over one database.

Every route is listed in :func:`create_app`. Each page has a JSON twin under ``/api/`` built by
the same query function (:mod:`storyline.web.queries`). Article text is untrusted: templates
autoescape, scripts come only from ``/static`` (the CSP forbids inline script), and errors are
pages, never tracebacks.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyline import __version__
from storyline.api import Dossier
from storyline.store.database import StoreError
from storyline.web import queries

T = TypeVar("T")
HERE = Path(__file__).parent
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
log = logging.getLogger("storyline.web")
Day = Annotated[date | None, Query(description="What was known on this day (YYYY-MM-DD).")]
Since = Annotated[
    date | None, Query(description="Also what changed from this day on (YYYY-MM-DD).")
]
AllEvents = Annotated[
    bool,
    Query(alias="all", description="Also the background events (recalled for context)."),
]
PageNumber = Annotated[int, Query(alias="page", ge=1, le=100_000)]
MAX_OFFSET = 100_000_000  # past any corpus; SQLite integers must stay in range


def create_app(db_path: str) -> FastAPI:
    Dossier(db_path, readonly=True).close()  # fail now with a clear message, not on a request
    app = FastAPI(
        title="storyline", version=__version__, docs_url=None, redoc_url=None,
        openapi_url="/api/openapi.json",
        description="The story dossier: stories, events, documents, entities, search.",
    )  # fmt: skip
    templates = Jinja2Templates(directory=HERE / "templates")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @contextmanager
    def dossier() -> Iterator[Dossier]:
        opened = Dossier(db_path, readonly=True)
        try:
            yield opened
        finally:
            opened.close()

    def page(request: Request, template: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, template, context)

    def found(value: T | None, what: str) -> T:
        if value is None:
            raise HTTPException(404, f"no such {what}")
        return value

    # --- pages ---------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index_page(request: Request, page_number: PageNumber = 1) -> HTMLResponse:
        offset = (page_number - 1) * queries.PAGE_SIZE
        with dossier() as s:
            found_stories = queries.stories(s, queries.PAGE_SIZE + 1, offset)
        more = len(found_stories) > queries.PAGE_SIZE
        return page(request, "index.html", stories=found_stories[: queries.PAGE_SIZE],
                    page_number=page_number, more=more)  # fmt: skip

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(
        request: Request, story_id: str, as_of: Day = None, since: Since = None
    ) -> HTMLResponse:
        with dossier() as s:
            detail = found(queries.story(s, story_id, as_of, since), "story")
        return page(request, "story.html", **detail)

    @app.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
    def alerts_page(request: Request) -> HTMLResponse:
        with dossier() as s:
            firings = queries.alert_firings(s)
            alerts = s.alerts()
        return page(request, "alerts.html", firings=firings, alerts=alerts)

    @app.get("/documents/{document_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, document_id: str) -> HTMLResponse:
        with dossier() as s:
            record = found(queries.document(s, document_id), "document")
        return page(request, "document.html", document=record)

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, entity_id: str) -> HTMLResponse:
        with dossier() as s:
            record = found(queries.entity(s, entity_id), "entity")
        return page(request, "entity.html", entity=record)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "") -> HTMLResponse:
        with dossier() as s:
            hits = _search(s, q)
        return page(request, "search.html", query=q, hits=hits)

    # --- JSON API ------------------------------------------------------------------------------

    @app.get("/api/stories", summary="Stories, most articles first")
    def api_stories(
        limit: Annotated[int, Query(ge=1, le=1000)] = queries.PAGE_SIZE,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> list[dict[str, Any]]:
        with dossier() as s:
            return queries.stories(s, limit, offset)

    @app.get("/api/stories/{story_id}", summary="A story, its brief and its report days")
    def api_story(story_id: str, as_of: Day = None, since: Since = None) -> dict[str, Any]:
        """The story record, its brief (as known on ``as_of``), the days it was reported on,
        and with ``since`` what changed from that day on (``changes``: articles, new events,
        status changes; else null)."""
        with dossier() as s:
            return found(queries.story(s, story_id, as_of, since), "story")

    @app.get("/api/alerts", summary="Alert firings, newest first")
    def api_alerts(
        limit: Annotated[int, Query(ge=1, le=1000)] = queries.PAGE_SIZE,
    ) -> list[dict[str, Any]]:
        """Each firing: the alert, what changed, and the article and sentence that say so."""
        with dossier() as s:
            return queries.alert_firings(s, limit)

    @app.get("/api/timeline", summary="Dated events (of one story), as known on a day")
    def api_timeline(
        story: str | None = None,
        as_of: Day = None,
        limit: Annotated[int, Query(ge=1, le=5000)] = 500,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
        show_all: AllEvents = False,
    ) -> list[dict[str, Any]]:
        """The dated event records, in date order: by default only the salient ones (what the
        articles are about); with ``all=true`` the background ones too (recalled for context,
        in no headline or lead; marked ``"background": true``). Undated events are not listed."""
        with dossier() as s:
            found_events = queries.timeline(s, story, as_of, limit, offset, background=show_all)
            return found(found_events, "story")

    @app.get("/api/documents/{document_id}", summary="A document record with highlight segments")
    def api_document(document_id: str) -> dict[str, Any]:
        with dossier() as s:
            return found(queries.document(s, document_id), "document")

    @app.get("/api/entities/{entity_id}", summary="An entity, its quotes, stories and company")
    def api_entity(entity_id: str) -> dict[str, Any]:
        with dossier() as s:
            return found(queries.entity(s, entity_id), "entity")

    @app.get("/api/search", summary="Full-text search with snippets")
    def api_search(q: Annotated[str, Query(min_length=1, max_length=500)]) -> list[dict[str, Any]]:
        with dossier() as s:
            return _search(s, q)

    # --- errors and headers --------------------------------------------------------------------

    def error(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        response = page(request, "error.html", status=status, message=message)
        response.status_code = status
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        names = ", ".join(str(e["loc"][-1]) for e in exc.errors())
        return error(request, 400, f"bad parameter: {names}")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return error(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        return error(request, 500, "internal error (see the server's log)")

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    return app


def _search(s: Dossier, query: str) -> list[dict[str, Any]]:
    return queries.search(s, query) if query.strip() else []
