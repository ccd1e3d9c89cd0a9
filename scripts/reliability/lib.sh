# Shared by the sections of scripts/reliability/ (sourced, not run: it is not executable).

# Every stored event of an SQLite store, one line each in a fixed order, to compare two stores.
events_of() {
    sqlite3 "$1" 'SELECT d.doc_id, e.ordinal, e.event_id FROM events e JOIN documents d ON d.id = e.document ORDER BY 1, 2;'
}
