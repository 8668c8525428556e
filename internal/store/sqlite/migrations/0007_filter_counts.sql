-- search_terms also counts the articles under each filter tag of the
-- index (a category, a source, a kind), under the key '#' || tag: a
-- search sizes the stretch of the index it reads from the rarest of its
-- terms and filters (see window.go). Saving articles adds to these
-- counts as to the words'. '#' never begins a word or a stem key.
INSERT OR REPLACE INTO search_terms (term, docs)
SELECT '#zc' || COALESCE(category_id, 0), COUNT(*) FROM articles GROUP BY category_id;
INSERT OR REPLACE INTO search_terms (term, docs)
SELECT '#zs' || COALESCE(source_id, 0), COUNT(*) FROM articles GROUP BY source_id;
INSERT OR REPLACE INTO search_terms (term, docs)
SELECT '#zk' || kind, COUNT(*) FROM articles GROUP BY kind;
