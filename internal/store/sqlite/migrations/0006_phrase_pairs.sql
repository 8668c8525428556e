-- The search index is rebuilt with two changes that halve a query's
-- worst cases and the work of indexing:
--
-- * Each field gets a column of word pairs ("ab_cd" for the words "ab cd"
--   in a row), in each stream. A phrase is matched as a phrase of pairs:
--   "a b c" is the pairs "a_b b_c" in a row, which is the same thing, but
--   a pair's doclist is short where FTS5 would otherwise compare the
--   positions of two common words in every article holding both.
-- * The prefix index goes. A word being typed is completed from
--   search_terms (as longer prefixes already were), so the index no
--   longer holds two extra entries for every word of every article.
--
-- '_' joins a pair: internal/search makes tokens of letters and digits
-- only, so it never occurs inside a word.
DROP TABLE articles_fts;

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title_x, excerpt_x, content_x,
    title_s, excerpt_s, content_s,
    title_xp, excerpt_xp, content_xp,
    title_sp, excerpt_sp, content_sp,
    tags,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0 tokenchars ''_'''
);

-- The store indexes every article again when it next opens, in the
-- language it was built in (see UseSearchLanguage), counting
-- search_terms afresh as it goes.
DELETE FROM search_terms;
INSERT OR REPLACE INTO search_meta (key, value) VALUES ('rebuild', 'phrase pairs');
