"""Named schema migrations, applied in order, each in its own transaction, recorded in
``_migrations``. Add a function; never edit one that has shipped."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(function: Migration) -> Migration:
    MIGRATIONS.append((function.__name__, function))
    return function


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Run SQL statements one by one: ``executescript`` would commit the open transaction."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement.strip()[:60]}")


@migration
def m001_documents(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        CREATE TABLE documents (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            kind TEXT NOT NULL,
            title TEXT,
            outlet TEXT,
            author TEXT,
            url TEXT,
            language TEXT,
            translated_from TEXT,
            published TEXT,
            published_source TEXT,
            published_confidence REAL,
            crawl_date TEXT,
            body TEXT NOT NULL,
            boilerplate TEXT NOT NULL DEFAULT '[]',
            captions TEXT NOT NULL DEFAULT '[]',
            encoding TEXT,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX documents_published ON documents(published);
        CREATE INDEX documents_outlet ON documents(outlet);

        -- The input exactly as given, and what the reader knew about it: enough to redo everything.
        CREATE TABLE raw_documents (
            document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            content BLOB NOT NULL,
            hints TEXT NOT NULL DEFAULT '{}'
        ) WITHOUT ROWID;

        CREATE TABLE sentences (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            PRIMARY KEY (document_id, idx)
        ) WITHOUT ROWID;

        CREATE TABLE mentions (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT NOT NULL,
            entity_id TEXT,
            PRIMARY KEY (document_id, idx)
        ) WITHOUT ROWID;
        CREATE INDEX mentions_label ON mentions(label);

        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, body, content='documents', content_rowid='rowid', tokenize='porter unicode61'
        );
        CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
        END;
        CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, body)
            VALUES ('delete', old.rowid, old.title, old.body);
        END;
        CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, body ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, body)
            VALUES ('delete', old.rowid, old.title, old.body);
            INSERT INTO documents_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
        END;

        -- How many of an outlet's pages print each short line: lines on many are its furniture.
        CREATE TABLE outlet_lines (
            outlet TEXT NOT NULL,
            fingerprint INTEGER NOT NULL,
            documents INTEGER NOT NULL,
            PRIMARY KEY (outlet, fingerprint)
        ) WITHOUT ROWID;
        """,
    )


@migration
def m002_entities_and_quotes(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        -- Which of its document's entities a mention belongs to (DocEntity.key).
        ALTER TABLE mentions ADD COLUMN local_entity INTEGER;

        -- Corpus-wide identities: one per real-world person, organisation, place.
        CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            label TEXT NOT NULL,
            name TEXT NOT NULL,
            aliases TEXT NOT NULL DEFAULT '[]',
            roles TEXT NOT NULL DEFAULT '[]',
            documents INTEGER NOT NULL DEFAULT 0,
            mentions INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX entities_label_name ON entities(label, name);

        -- Each document's own entities, as its analysis found them, and the corpus entity each
        -- was linked to (NULL until the linker has seen it).
        CREATE TABLE doc_entities (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            key INTEGER NOT NULL,
            label TEXT NOT NULL,
            name TEXT NOT NULL,
            aliases TEXT NOT NULL DEFAULT '[]',
            roles TEXT NOT NULL DEFAULT '[]',
            mentions INTEGER NOT NULL DEFAULT 0,
            entity_id TEXT REFERENCES entities(id) ON DELETE SET NULL,
            PRIMARY KEY (document_id, key)
        ) WITHOUT ROWID;
        CREATE INDEX doc_entities_entity ON doc_entities(entity_id);

        CREATE TABLE quotes (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            spans TEXT NOT NULL,
            kind TEXT NOT NULL,
            cue TEXT,
            cue_start INTEGER,
            cue_end INTEGER,
            speaker TEXT,
            speaker_start INTEGER,
            speaker_end INTEGER,
            speaker_kind TEXT,
            speaker_name TEXT,
            speaker_key INTEGER,
            PRIMARY KEY (document_id, idx)
        ) WITHOUT ROWID;

        -- Corrections a user made to the linker, replayed on every (re)link.
        CREATE TABLE entity_rules (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('merge', 'separate')),
            label TEXT NOT NULL,
            name TEXT NOT NULL,
            other TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """,
    )


@migration
def m003_time(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        -- A page date the content showed was not the article's (kept, not used as its date),
        -- and the evidence the publication date was decided on.
        ALTER TABLE documents ADD COLUMN render_date TEXT;
        ALTER TABLE documents ADD COLUMN date_evidence TEXT NOT NULL DEFAULT '[]';

        CREATE TABLE timexes (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            text TEXT NOT NULL,
            type TEXT NOT NULL,
            value TEXT NOT NULL,
            mod TEXT,
            range_start TEXT,
            range_end TEXT,
            PRIMARY KEY (document_id, idx)
        ) WITHOUT ROWID;
        CREATE INDEX timexes_value ON timexes(value);
        """,
    )


@migration
def m004_events(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        -- The tense of a time expression's clause, to resolve it again once an undated
        -- article's date is estimated.
        ALTER TABLE timexes ADD COLUMN tense TEXT;

        -- Each document's event mentions as its analysis found them (participants and
        -- location_key are its own entity keys), and the corpus event each was linked to.
        CREATE TABLE event_mentions (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            trigger TEXT NOT NULL,
            kind TEXT NOT NULL,
            sentence_start INTEGER NOT NULL,
            sentence_end INTEGER NOT NULL,
            status TEXT NOT NULL,
            cue TEXT,
            participants TEXT NOT NULL DEFAULT '[]',
            location TEXT,
            location_key INTEGER,
            date TEXT,
            date_text TEXT,
            date_start INTEGER,
            redated TEXT,  -- the date read again against an undated document's estimated date
            linked INTEGER NOT NULL DEFAULT 0,
            event_id TEXT,
            PRIMARY KEY (document_id, idx)
        ) WITHOUT ROWID;
        CREATE INDEX event_mentions_event ON event_mentions(event_id);
        CREATE INDEX event_mentions_unlinked ON event_mentions(linked);

        -- Corpus events, rebuilt from their mentions whenever one is added; "facts" is what
        -- the linker compares new mentions with.
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            family TEXT NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            participants TEXT NOT NULL DEFAULT '[]',
            location TEXT,
            location_entity TEXT,
            date_value TEXT,
            date_start TEXT,
            date_end TEXT,
            happened_by TEXT,
            status TEXT NOT NULL,
            conflicting TEXT NOT NULL DEFAULT '[]',
            trajectory TEXT NOT NULL DEFAULT '[]',
            mentions INTEGER NOT NULL DEFAULT 0,
            documents INTEGER NOT NULL DEFAULT 0,
            facts TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX events_date ON events(date_start);

        -- When an undated document was probably written, from the events it shares with
        -- dated ones (its publication date stays unknown).
        CREATE TABLE document_estimates (
            document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            start TEXT NOT NULL,
            end TEXT NOT NULL,
            evidence TEXT NOT NULL DEFAULT '[]'
        );
        """,
    )


def apply_migrations(db: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet recorded; return their names."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
    applied = []
    for name, function in MIGRATIONS:
        if name in done:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            function(db)
            db.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        applied.append(name)
    return applied


@migration
def m005_stories(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        -- Each document's MinHash signature, and the earliest copy of it if it is one.
        CREATE TABLE signatures (
            document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            signature BLOB NOT NULL,
            duplicate_of TEXT,
            similarity REAL
        ) WITHOUT ROWID;
        CREATE INDEX signatures_duplicate_of ON signatures(duplicate_of);

        -- Stories and their members, in the order they joined; "state" is what clustering
        -- compares new documents with (centroid terms, entities, events, days).
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT,
            first TEXT,
            last TEXT,
            documents INTEGER NOT NULL,
            sources INTEGER NOT NULL,
            state TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE story_documents (
            document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            story_id TEXT NOT NULL,
            position INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX story_documents_story ON story_documents(story_id, position);

        -- Document frequencies of the words seen so far, for TF-IDF without refitting.
        CREATE TABLE story_terms (
            term TEXT PRIMARY KEY,
            documents INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE story_meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """,
    )


@migration
def m006_entity_lookups(db: sqlite3.Connection) -> None:
    # An entity's page finds its documents and stories by entity id.
    run_script(db, "CREATE INDEX mentions_entity ON mentions(entity_id);")


@migration
def m007_event_details(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        -- What an event mention says beyond its columns: participants' roles, counts
        -- ("killed": 12), the trigger's phrase, what it was done to, how prominent it is.
        ALTER TABLE event_mentions ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
        -- The same for a corpus event, and how central it is to its articles.
        ALTER TABLE events ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE events ADD COLUMN salience REAL NOT NULL DEFAULT 0;
        """,
    )


@migration
def m008_published_ranges(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        -- A coarse publication date ("2017-12") and the days it is known to lie between.
        ALTER TABLE documents ADD COLUMN published_start TEXT;
        ALTER TABLE documents ADD COLUMN published_end TEXT;
        """,
    )


@migration
def m009_watching(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        -- What `storyline watch` follows (a folder, a page, a feed or sitemap, a file of URLs),
        -- with what a conditional request needs, so that a restarted watch resumes.
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            location TEXT NOT NULL UNIQUE,
            etag TEXT,
            last_modified TEXT,
            added_at TEXT NOT NULL,
            checked_at TEXT,
            changed_at TEXT
        );
        -- Each source's items (a feed's article URLs, a folder's files) as last handled:
        -- "version" tells a changed file; a failed item is tried again a few rounds.
        CREATE TABLE source_items (
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            item TEXT NOT NULL,
            version TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            reason TEXT,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (source_id, item)
        ) WITHOUT ROWID;

        -- A user's alerts, what each has already seen (never told twice), and its firings.
        CREATE TABLE alerts (
            name TEXT PRIMARY KEY,
            query TEXT NOT NULL,
            trigger TEXT NOT NULL,
            webhook TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE alert_seen (
            alert TEXT NOT NULL REFERENCES alerts(name) ON DELETE CASCADE,
            key TEXT NOT NULL,
            PRIMARY KEY (alert, key)
        ) WITHOUT ROWID;
        CREATE TABLE alert_firings (
            id INTEGER PRIMARY KEY,
            alert TEXT NOT NULL REFERENCES alerts(name) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            fired_at TEXT NOT NULL,
            message TEXT NOT NULL,
            event_id TEXT,
            story_id TEXT,
            document_id TEXT,
            status_from TEXT,
            status_to TEXT,
            as_of TEXT,
            evidence TEXT,
            evidence_start INTEGER,
            evidence_end INTEGER,
            delivered_at TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            delivery_error TEXT
        );
        CREATE INDEX alert_firings_alert ON alert_firings(alert, id);

        -- A page is fetched once: its URL, or the URL it was fetched from, is looked up.
        CREATE INDEX documents_url ON documents(url);
        CREATE INDEX documents_source ON documents(source);
        """,
    )


@migration
def m010_corrections(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        -- A user's corrections, each its own record: what was corrected (a document's date,
        -- a quote's speaker), to what, what it was before, and when it was undone.
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            target TEXT NOT NULL,
            value TEXT NOT NULL,
            previous TEXT,
            note TEXT,
            created_at TEXT NOT NULL,
            undone_at TEXT
        );
        CREATE INDEX corrections_target ON corrections(kind, target);
        """,
    )


@migration
def m011_related_speakers(db: sqlite3.Connection) -> None:
    # The person or body a nominal speaker ("his brother", "a Met spokesman") is tied to: the
    # document entity's key, as speaker_key is.
    run_script(db, "ALTER TABLE quotes ADD COLUMN related_key INTEGER;")


@migration
def m012_document_vectors(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        -- Each document's headline and lead embedded: unit float16 vector, and the model that
        -- made it (vectors of two models are never compared).
        CREATE TABLE document_vectors (
            document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            vector BLOB NOT NULL
        );
        """,
    )
