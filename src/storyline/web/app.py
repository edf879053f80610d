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
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from pydantic import BeforeValidator, StringConstraints
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyline import __version__
from storyline.api import Dossier
from storyline.corpus.review import DEFAULT_BELOW
from storyline.corpus.search import SearchMode
from storyline.outputs.export import correction_record
from storyline.outputs.human import as_said, citation, human_date, human_time, web_url
from storyline.store.database import StoreError
from storyline.store.lists import DocumentFilters, DocumentOrder, SearchOrder
from storyline.web import queries
from storyline.web.edit import Editing, add_edit_routes

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
AllCorrections = Annotated[bool, Query(alias="all", description="Also the corrections undone.")]
Offset = Annotated[
    int | None, Query(ge=0, le=2**31, description="A character offset: its sentence is marked.")
]
MAX_OFFSET = 100_000_000  # past any corpus; SQLite integers must stay in range
ListLimit = Annotated[int, Query(ge=1, le=1000, description="At most this many (1 to 1000).")]
ListOffset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Skip this many first.")]


def _blank_is_none(value: object) -> object:
    """An empty form field is no filter (a browser sends ``since=`` for an empty one)."""
    return None if value == "" else value


FilterText = Annotated[str, StringConstraints(max_length=500)]
Filter = Annotated[FilterText | None, BeforeValidator(_blank_is_none), Query()]
FromDay = Annotated[
    date | None,
    BeforeValidator(_blank_is_none),
    Query(description="Only what is dated on or after this day (YYYY-MM-DD)."),
]
ToDay = Annotated[
    date | None,
    BeforeValidator(_blank_is_none),
    Query(description="Only what is dated on or before this day (YYYY-MM-DD)."),
]


def document_filters(
    since: FromDay = None,
    until: ToDay = None,
    outlet: Filter = None,
    language: Filter = None,
    story: Filter = None,
    entity: Filter = None,
) -> DocumentFilters:
    """Which documents a search or a list keeps, from the query string."""
    return DocumentFilters(since=since, until=until, outlet=outlet, language=language,
                           story=story, entity=entity)  # fmt: skip


DocumentFilter = Annotated[DocumentFilters, Depends(document_filters)]


def create_app(db_path: str, *, edit: bool = False, token: str | None = None) -> FastAPI:
    """The app over the database at ``db_path``: read-only, unless ``edit`` (corrections
    from the pages, behind a CSRF token; ``token`` required of every request when given)."""
    Dossier(db_path, readonly=True).close()  # fail now with a clear message, not on a request
    app = FastAPI(
        title="storyline", version=__version__, docs_url=None, redoc_url=None,
        openapi_url="/api/openapi.json",
        description="The story dossier: stories, events, documents, entities, search.",
    )  # fmt: skip
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(
        url_for=_path_for, citation=citation, human_date=human_date, human_time=human_time,
        as_said=as_said, web_url=web_url,
    )  # fmt: skip
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @contextmanager
    def dossier() -> Iterator[Dossier]:
        opened = Dossier(db_path, readonly=True)
        try:
            yield opened
        finally:
            opened.close()

    editing = Editing(db_path, token) if edit else None
    if editing is not None:
        add_edit_routes(app, editing)

    def page(request: Request, template: str, **context: Any) -> HTMLResponse:
        if editing is not None:
            context |= {"csrf": editing.csrf, "here": request.url.path + (
                f"?{request.url.query}" if request.url.query else "")}  # fmt: skip
        return templates.TemplateResponse(request, template, context)

    def found(value: T | None, what: str) -> T:
        if value is None:
            raise HTTPException(404, f"no such {what}")
        return value

    def best_hits(
        s: Dossier, query: str, filters: DocumentFilters, mode: SearchMode | None
    ) -> list[dict[str, Any]]:
        """The 20 best hits by relevance: the search shows their stories and events beside."""
        return found(_search(s, query, filters, "relevance", 20, 0, mode), "story")

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
            cited = [f["source"]["document"] for f in firings if f["source"]["document"]]
            sources = queries.document_sources(s, cited)
        return page(request, "alerts.html", firings=firings, alerts=alerts, sources=sources)

    @app.get("/documents/{document_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, document_id: str, at: Offset = None) -> HTMLResponse:
        with dossier() as s:
            record = found(queries.document(s, document_id, at), "document")
            similar = queries.similar(s, record["id"], limit=5, quiet=True)
        return page(request, "document.html", document=record, similar=similar)

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, entity_id: str) -> HTMLResponse:
        with dossier() as s:
            record = found(queries.entity(s, entity_id), "entity")
        return page(request, "entity.html", entity=record, sources=record["sources"])

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request,
        filters: DocumentFilter,
        q: str = "",
        sort: SearchOrder = "relevance",
        mode: SearchMode | None = None,
    ) -> HTMLResponse:
        with dossier() as s:
            hits = found(_search(s, q, filters, sort, mode=mode), "story")
            stories = queries.stories_of_hits(s, hits) if hits and not filters.story else []
            events = queries.events_of_hits(s, hits) if hits else []
            mode = mode or s.search_mode()
        return page(
            request, "search.html", query=q, hits=hits, stories=stories, events=events,
            filters=filters, sort=sort, mode=mode,
        )  # fmt: skip

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

    @app.get("/api/review", summary="The claims to check, most consequential first")
    def api_review(
        below: Annotated[float, Query(ge=0, le=1)] = DEFAULT_BELOW,
        limit: Annotated[int, Query(ge=1, le=1000)] = queries.PAGE_SIZE,
    ) -> list[dict[str, Any]]:
        """Dates, speakers and event statuses with less than ``below`` confidence, each with
        why and the command that corrects (or confirms) it."""
        with dossier() as s:
            return [asdict(claim) for claim in s.review(below=below, limit=limit)]

    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def review_page(
        request: Request, below: Annotated[float, Query(ge=0, le=1)] = DEFAULT_BELOW
    ) -> HTMLResponse:
        with dossier() as s:
            claims = s.review(below=below, limit=queries.PAGE_SIZE)
        return page(request, "review.html", claims=claims, below=below)

    @app.get("/fixes", response_class=HTMLResponse, include_in_schema=False)
    def fixes_page(request: Request, show_all: AllCorrections = False) -> HTMLResponse:
        with dossier() as s:
            records = s.corrections(active=not show_all)
        return page(request, "fixes.html", corrections=records, show_all=show_all)

    @app.get("/api/corrections", summary="The corrections made, newest first")
    def api_corrections(show_all: AllCorrections = False) -> list[dict[str, Any]]:
        """The corrections in force (``all=true``: undone ones too), as the export has them."""
        with dossier() as s:
            return [correction_record(c) for c in s.corrections(active=not show_all)]

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

    @app.get("/api/search", summary="Search by words, meaning or both, with snippets, filtered")
    def api_search(
        q: Annotated[str, Query(min_length=1, max_length=500)],
        filters: DocumentFilter,
        sort: SearchOrder = "relevance",
        limit: ListLimit = 20,
        offset: ListOffset = 0,
        mode: SearchMode | None = None,
    ) -> list[dict[str, Any]]:
        """The documents that match ``q`` best, or the best matches newest first with
        ``sort=date`` (undated last). ``mode=words``: every word of ``q`` must occur ("quoted
        words" as a phrase); ``meaning``: nearest in meaning; ``hybrid``: both, merged; left
        out, hybrid when the database has document vectors, else words. Filters: published
        ``since`` and ``until`` (a coarse date counts when all of it lies within), ``outlet``
        (case aside), ``language``, ``story``, ``entity`` (an entity id: the documents
        mentioning it)."""
        with dossier() as s:
            return found(_search(s, q, filters, sort, limit, offset, mode), "story")

    @app.get("/api/search/stories", summary="The stories of a search's best hits")
    def api_search_stories(
        q: Annotated[str, Query(min_length=1, max_length=500)],
        filters: DocumentFilter,
        mode: SearchMode | None = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 5,
    ) -> list[dict[str, Any]]:
        """The stories that the 20 best hits of ``/api/search`` (same ``q``, ``mode`` and
        filters) are in, best first: ``id``, ``title``, ``hits`` (how many of them)."""
        with dossier() as s:
            return queries.stories_of_hits(s, best_hits(s, q, filters, mode), limit)

    @app.get("/api/search/events", summary="The events a search's best hits lead with")
    def api_search_events(
        q: Annotated[str, Query(min_length=1, max_length=500)],
        filters: DocumentFilter,
        mode: SearchMode | None = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 5,
    ) -> list[dict[str, Any]]:
        """The events that the 20 best hits of ``/api/search`` lead with (their headline's
        or lead's, not background), best first, as event records of the export."""
        with dossier() as s:
            return queries.events_of_hits(s, best_hits(s, q, filters, mode), limit)

    @app.get(
        "/api/documents/{document_id}/similar",
        summary="More like this: the documents nearest in meaning to one",
    )
    def api_similar(document_id: str, limit: ListLimit = 10) -> list[dict[str, Any]]:
        """The documents nearest in meaning to this one (itself left out), best first, with
        the sentence of each nearest it as ``snippet``."""
        with dossier() as s:
            found(s.document_record(document_id), "document")
            return queries.similar(s, document_id, limit=limit) or []

    # --- JSON API: lists -----------------------------------------------------------------------

    @app.get("/api/documents", summary="Documents (light summaries), filtered and paged")
    def api_documents(
        filters: DocumentFilter,
        sort: DocumentOrder = "date",
        limit: ListLimit = queries.PAGE_SIZE,
        offset: ListOffset = 0,
    ) -> list[dict[str, Any]]:
        """A light summary of each document, not the export's whole record: ``id``, ``title``,
        ``outlet``, ``published`` (as in the export), ``url``, ``language``, ``story`` and
        ``duplicate_of`` (the document it is a copy of). The whole record, text and
        annotations, is at ``/api/documents/{id}``. By publication date (``sort=-date``:
        newest first), undated last. Filters as for ``/api/search``."""
        with dossier() as s:
            return found(queries.document_list(s, filters, sort, limit, offset), "story")

    @app.get("/api/entities", summary="Entities, most documents first, filtered and paged")
    def api_entities(
        label: Filter = None,
        q: Annotated[Filter, Query(description="Part of the name or of an alias.")] = None,
        limit: ListLimit = queries.PAGE_SIZE,
        offset: ListOffset = 0,
    ) -> list[dict[str, Any]]:
        """The export's entity records: of one ``label`` (PERSON, ORG, GPE…), whose name or an
        alias holds ``q`` (case aside)."""
        with dossier() as s:
            return queries.entity_list(s, label, q, limit, offset)

    @app.get("/api/quotes", summary="Quotes in document order, filtered and paged")
    def api_quotes(
        speaker: Filter = None,
        entity: Filter = None,
        story: Filter = None,
        since: FromDay = None,
        until: ToDay = None,
        limit: ListLimit = queries.PAGE_SIZE,
        offset: ListOffset = 0,
    ) -> list[dict[str, Any]]:
        """Quote records as ``storyline quotes --json`` prints them (with the ``document``,
        its ``published``, ``title`` and ``outlet``): by a speaker whose name holds
        ``speaker``, by the entity ``entity`` (an id), in a story's documents, in documents
        published ``since``/``until``."""
        documents = DocumentFilters(since=since, until=until, story=story)
        with dossier() as s:
            found_quotes = queries.quote_list(s, speaker, entity, documents, limit, offset)
            return found(found_quotes, "story")

    @app.get("/api/events", summary="Events in timeline order, filtered and paged")
    def api_events(
        story: Filter = None,
        status: Filter = None,
        since: FromDay = None,
        until: ToDay = None,
        show_all: AllEvents = False,
        limit: ListLimit = queries.PAGE_SIZE,
        offset: ListOffset = 0,
    ) -> list[dict[str, Any]]:
        """The export's event records, by date (undated last): of one story, with one
        ``status`` (planned, happened…), dated within ``since``/``until`` (an event counts when
        all of its date lies within; one known only to be over by a day, by that day). The
        background events (recalled for context) only with ``all=true``."""
        with dossier() as s:
            found_events = queries.event_list(
                s, story, status, since, until, background=show_all, limit=limit, offset=offset
            )
            return found(found_events, "story")

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


@pass_context
def _path_for(context: dict[str, Any], name: str, /, **path_params: Any) -> str:
    """A link as a path from the site's root (and the root a proxy mounts it at), never an
    absolute URL naming the host and port the server was reached by."""
    request: Request = context["request"]
    root = str(request.scope.get("root_path", "")).rstrip("/")
    return root + str(request.app.url_path_for(name, **path_params))


def _search(
    s: Dossier,
    query: str,
    filters: DocumentFilters,
    sort: SearchOrder,
    limit: int = 20,
    offset: int = 0,
    mode: SearchMode | None = None,
) -> list[dict[str, Any]] | None:
    if not query.strip():
        return []
    return queries.search(s, query, filters, sort, limit, offset, mode)
