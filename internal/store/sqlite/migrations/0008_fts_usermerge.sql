-- The store merges the search index's segments in the background (see
-- merge.go); with usermerge 2 a merge step may combine any two segments
-- of one level, rather than waiting for four.
INSERT INTO articles_fts (articles_fts, rank) VALUES ('usermerge', 2);
