package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// The search_terms table (migration 0004) counts, for every token in the
// index, the articles that hold it. Searches read it twice: a word still
// being typed is completed from it (FTS5 would otherwise merge the whole
// doclist of every word with that prefix), and it gives each term its
// inverse document frequency for ranking (FTS5's bm25() would scan every
// matching row of the index to count them, on every query).

// termDocs counts, over a batch of articles, the articles holding each
// token; flush adds the counts to search_terms in the batch's
// transaction, so the counts commit or roll back with the index.
type termDocs map[string]int

// stemKey is a stem's key in search_terms: stems are kept apart from the
// words, which are what a typed prefix completes to. Tokens are letters
// and digits, so the mark cannot begin a word.
func stemKey(stem string) string { return "~" + stem }

// tagKey is a filter tag's key in search_terms (migration 0007).
func tagKey(tag string) string { return "#" + tag }

// add counts one article, given the token strings of its three
// folded-word columns, then its three stemmed ones.
func (t termDocs) add(columns ...string) {
	seen := make(map[string]struct{}, 256)
	for i, c := range columns {
		for tok := range strings.FieldsSeq(c) {
			if i >= 3 {
				tok = stemKey(tok)
			}
			if _, ok := seen[tok]; !ok {
				seen[tok] = struct{}{}
				t[tok]++
			}
		}
	}
}

const termUpsertSQL = `INSERT INTO search_terms (term, docs) VALUES (?, ?)
	ON CONFLICT (term) DO UPDATE SET docs = docs + excluded.docs`

// flush writes the counts and forgets them.
func (t termDocs) flush(ctx context.Context, tx *sql.Tx) error {
	if len(t) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, termUpsertSQL)
	if err != nil {
		return err
	}
	defer st.Close()
	for term, n := range t {
		if _, err := st.ExecContext(ctx, term, n); err != nil {
			return err
		}
		delete(t, term)
	}
	return nil
}

// prefixEnd is the smallest string greater than every string starting
// with p (bytewise, as SQLite compares text), or "" when there is none.
func prefixEnd(p string) string {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1])
		}
	}
	return ""
}

// completion is a word of the index that starts with a typed prefix.
type completion struct {
	word string
	docs int64
}

// maxCompletions bounds the words a typed prefix stands for: the ones
// held by the most articles. The FTS5 query ORs them, which reads only
// as much of each doclist as the results need. One to three letters
// begin thousands of words, most of them common: the eight commonest
// stand for them, which halves the doclists merged while the reader has
// typed little.
const (
	maxCompletions      = 16
	maxShortCompletions = 8
)

// completions returns the words starting with prefix, most common first.
// A prefix of four letters or more begins few words: its range of the
// vocabulary is read (at most 5,000 entries of it). A shorter one begins
// thousands, so its commonest words are kept for a minute (see
// shortPrefixes): a word that has just become one of them is missed for
// at most that long.
func (s *Store) completions(ctx context.Context, prefix string) ([]completion, error) {
	end := prefixEnd(prefix)
	if end == "" {
		return nil, nil
	}
	if utf8.RuneCountInString(prefix) > shortPrefix {
		return s.readCompletions(ctx, `SELECT term, docs FROM
			(SELECT term, docs FROM search_terms WHERE term >= ? AND term < ? LIMIT 5000)
			ORDER BY docs DESC, term LIMIT ?`, prefix, end, maxCompletions)
	}
	return s.short.get(prefix, func() ([]completion, error) {
		return s.readCompletions(ctx, `SELECT term, docs FROM search_terms WHERE term >= ? AND term < ?
			ORDER BY docs DESC, term LIMIT ?`, prefix, end, maxShortCompletions)
	})
}

func (s *Store) readCompletions(ctx context.Context, query, prefix, end string, limit int) ([]completion, error) {
	rows, err := s.r.QueryContext(ctx, query, prefix, end, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []completion
	for rows.Next() {
		var c completion
		if err := rows.Scan(&c.word, &c.docs); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// shortPrefix is the longest prefix (in characters) whose completions
// are cached.
const shortPrefix = 3

// shortPrefixes caches the completions of short prefixes for ttl.
type shortPrefixes struct {
	ttl time.Duration
	now func() time.Time

	mu   sync.Mutex
	byPx map[string]cachedCompletions
}

type cachedCompletions struct {
	words []completion
	at    time.Time
}

// maxShortPrefixes bounds the cache: past it, it starts afresh.
const maxShortPrefixes = 20_000

func newShortPrefixes(ttl time.Duration) *shortPrefixes {
	return &shortPrefixes{ttl: ttl, now: time.Now, byPx: map[string]cachedCompletions{}}
}

// get returns prefix's cached completions, reading them with read when
// they are absent or older than ttl. Two readers of the same missing
// prefix may both read it; the cache keeps either.
func (c *shortPrefixes) get(prefix string, read func() ([]completion, error)) ([]completion, error) {
	now := c.now()
	c.mu.Lock()
	e, ok := c.byPx[prefix]
	c.mu.Unlock()
	if ok && now.Sub(e.at) < c.ttl {
		return e.words, nil
	}
	words, err := read()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.byPx) >= maxShortPrefixes {
		clear(c.byPx)
	}
	c.byPx[prefix] = cachedCompletions{words, now}
	c.mu.Unlock()
	return words, nil
}

// termCounts returns the article counts of the given tokens; a token the
// index does not hold is absent.
func (s *Store) termCounts(ctx context.Context, terms []string) (map[string]int64, error) {
	out := make(map[string]int64, len(terms))
	if len(terms) == 0 {
		return out, nil
	}
	args := make([]any, len(terms))
	for i, t := range terms {
		args[i] = t
	}
	rows, err := s.r.QueryContext(ctx, `SELECT term, docs FROM search_terms WHERE term IN (`+placeholders(len(args))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		var n int64
		if err := rows.Scan(&t, &n); err != nil {
			return nil, err
		}
		out[t] = n
	}
	return out, rows.Err()
}
