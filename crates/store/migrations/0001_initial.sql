-- marsad store, schema version 1: documents, the events extracted from them with their evidence,
-- the entities and relations of each report, full-text search over the normalised text and a
-- spatial index over event coordinates. Documented column by column in docs/STORE.md.

-- One row per report. Re-ingesting the same doc_id (or the same url) replaces the row's
-- children; `id` is internal and may change only when a document is replaced by URL.
CREATE TABLE documents (
    id                INTEGER PRIMARY KEY,
    doc_id            TEXT NOT NULL UNIQUE,
    source            TEXT,
    url               TEXT,
    published         TEXT,             -- as given in the input (YYYY-MM-DD or null)
    published_used    TEXT,             -- the date extraction anchored on (given or read from the dateline)
    text              TEXT NOT NULL,    -- the original text, unchanged
    content_hash      TEXT NOT NULL,    -- sha256 of `text`, lowercase hex
    extractor_version TEXT NOT NULL,    -- marsad_extract::extractor_version() of the extraction stored
    reference_date    TEXT,             -- the "now" used for year-less dates (null: none)
    warnings          TEXT NOT NULL,    -- JSON array of strings
    new_actors        TEXT NOT NULL,    -- JSON array: entities.new_actors of the output record
    ingested_at       TEXT NOT NULL     -- UTC, RFC 3339: when this version of the document was stored
);
CREATE UNIQUE INDEX documents_url ON documents(url) WHERE url IS NOT NULL;
CREATE INDEX documents_version ON documents(extractor_version);

-- One row per event; the indexed columns repeat what `json` (the full EVENT of docs/EVENTS.md)
-- holds, so that filters need no JSON parsing.
CREATE TABLE events (
    id                 INTEGER PRIMARY KEY,
    document           INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal            INTEGER NOT NULL,  -- position in the report's output
    event_id           TEXT NOT NULL,
    date               TEXT,
    date_precision     TEXT,
    disorder_type      TEXT NOT NULL,
    event_type         TEXT NOT NULL,
    sub_event_type     TEXT NOT NULL,
    admin1             TEXT,
    admin2             TEXT,
    admin3             TEXT,
    place_ar           TEXT,
    place_en           TEXT,
    gazetteer_id       TEXT,
    lat                REAL,
    lon                REAL,
    geo_precision      INTEGER,
    actor1             TEXT,
    actor1_id          TEXT,
    inter1             INTEGER,
    actor2             TEXT,
    actor2_id          TEXT,
    inter2             INTEGER,
    interaction        INTEGER,
    fatalities         INTEGER NOT NULL,
    injured            INTEGER,
    arrested           INTEGER,
    civilian_targeting INTEGER NOT NULL,
    confidence         REAL NOT NULL,
    place_key          TEXT NOT NULL,     -- lower-case English and normalised Arabic place names, for --place
    json               TEXT NOT NULL,
    UNIQUE (document, ordinal)
);
CREATE INDEX events_event_id ON events(event_id);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_type ON events(event_type, sub_event_type);
CREATE INDEX events_gazetteer ON events(gazetteer_id);

-- The sides of each event: actor1, actor2 and their associated actors.
CREATE TABLE event_actors (
    event    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role     TEXT NOT NULL,               -- actor1, actor2, assoc_actor1, assoc_actor2
    actor_id TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    name_ar  TEXT NOT NULL,
    inter    INTEGER NOT NULL,
    key      TEXT NOT NULL                -- lower-case English name, normalised Arabic name and surfaces, for --actor
);
CREATE INDEX event_actors_event ON event_actors(event);
CREATE INDEX event_actors_actor ON event_actors(actor_id);

-- Evidence spans: character offsets of the original text (documents.text).
CREATE TABLE evidence (
    event  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    field  TEXT NOT NULL,
    start  INTEGER NOT NULL,
    "end"  INTEGER NOT NULL,
    text   TEXT
);
CREATE INDEX evidence_event ON evidence(event);

-- entities.actors of each report.
CREATE TABLE actors (
    document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    name_ar  TEXT NOT NULL,
    inter    INTEGER NOT NULL,
    mentions TEXT NOT NULL                -- JSON array of surface forms
);
CREATE INDEX actors_document ON actors(document);
CREATE INDEX actors_actor ON actors(actor_id);

-- entities.people of each report.
CREATE TABLE people (
    document    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    person_id   TEXT NOT NULL,
    name_ar     TEXT NOT NULL,
    affiliation TEXT,
    area        TEXT,
    json        TEXT NOT NULL             -- the full PERSON record
);
CREATE INDEX people_document ON people(document);

-- entities.places of each report.
CREATE TABLE places (
    document      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    gazetteer_id  TEXT,
    name_ar       TEXT NOT NULL,
    name_en       TEXT,
    admin1        TEXT,
    admin2        TEXT,
    admin3        TEXT,
    lat           REAL,
    lon           REAL,
    geo_precision INTEGER
);
CREATE INDEX places_document ON places(document);
CREATE INDEX places_gazetteer ON places(gazetteer_id);

-- The report's relations (docs/EVENTS.md RELATION).
CREATE TABLE relations (
    document     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    subject_name TEXT NOT NULL,
    object_kind  TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    object_name  TEXT NOT NULL,
    date         TEXT,
    from_id      TEXT,
    from_name    TEXT,
    place_id     TEXT,
    facilities   TEXT NOT NULL,           -- JSON array
    basis        TEXT NOT NULL,
    confidence   REAL NOT NULL,
    json         TEXT NOT NULL
);
CREATE INDEX relations_document ON relations(document);
CREATE INDEX relations_kind_object ON relations(kind, object_id);

-- Full text of every document, as marsad-text normalises it (hamza forms, ta marbuta, alef
-- maqsura, diacritics and tatweel folded), each Arabic word without its proclitics and article
-- ("وبالعشارة" → "عشاره"); queries are written the same way, so any spelling finds the report.
-- Contentless: the text itself is in documents.text; rowid = documents.id.
-- No positions are kept (detail = none): queries are sets of words, never phrases.
CREATE VIRTUAL TABLE documents_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 0', content = '', contentless_delete = 1, detail = none);

-- Event coordinates; id = events.id.
CREATE VIRTUAL TABLE events_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat);
