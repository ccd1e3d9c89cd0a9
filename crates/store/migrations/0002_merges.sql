-- marsad store, schema version 2: cross-report deduplication. A merge is a layer over the
-- extracted events, never a change to them: `events` stays as extraction wrote it, and a merge
-- names its members by (doc_id, event_id), which survive re-ingests (row ids do not).
-- Documented in docs/STORE.md ("Schema version 2").

-- One row per group of events that marsad-dedup judged to be one real-world event.
CREATE TABLE merges (
    id               INTEGER PRIMARY KEY,   -- the merge id `marsad dedup --undo` takes
    merged_id        TEXT NOT NULL,         -- the merged event's id: dedup:<hash of the members' doc#event ids>
    member_key       TEXT NOT NULL,         -- the sorted members, "doc_id#event_id" joined by newlines
    rules_version    TEXT NOT NULL,         -- marsad_dedup::Rules::version() of the rules that merged them
    date             TEXT,
    event_type       TEXT NOT NULL,
    sub_event_type   TEXT NOT NULL,
    sources          INTEGER NOT NULL,      -- distinct reports
    fatalities       INTEGER NOT NULL,      -- ACLED's figure: the lowest credible one
    fatalities_low   INTEGER NOT NULL,      -- UCDP low / best / high
    fatalities_best  INTEGER NOT NULL,
    fatalities_high  INTEGER NOT NULL,
    disagreements    TEXT NOT NULL,         -- JSON array of strings ("fatalities: 3 (a) vs 5 (b)")
    json             TEXT NOT NULL,         -- marsad_dedup::Combined: merged event, sources, figures
    created_at       TEXT NOT NULL,         -- UTC, RFC 3339
    undone_at        TEXT                   -- set by `marsad dedup --undo`: the members are kept apart
);
CREATE UNIQUE INDEX merges_active ON merges(member_key) WHERE undone_at IS NULL;

-- The events of each merge, and why each joined: the reasons of its verdict against the anchor.
CREATE TABLE merge_members (
    merge     INTEGER NOT NULL REFERENCES merges(id) ON DELETE CASCADE,
    ordinal   INTEGER NOT NULL,             -- 0: the anchor, which every other member matched
    doc_id    TEXT NOT NULL,
    event_id  TEXT NOT NULL,
    reasons   TEXT NOT NULL,                -- JSON array: "date: …", "place: …", "type: …", "sides: …"
    PRIMARY KEY (merge, ordinal)
);
CREATE INDEX merge_members_event ON merge_members(doc_id, event_id);
