package postgres

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/store"
)

// A word being typed is a prefix, which GIN matches by merging the
// posting list of every word it begins: for one to three letters,
// thousands of words and most of the table (seconds at a few hundred
// thousand articles). As on SQLite, such a prefix stands instead for its
// commonest words, taken here from the planner's statistics of the
// folded-words column (pg_stats.most_common_elems: the thousand or so
// words ANALYZE found most often, with their frequencies), read at most
// once a minute. A prefix none of them begins, or a longer one, is
// matched as a prefix.
const (
	shortPrefix         = 3 // letters
	maxShortCompletions = 8
	commonWordsTTL      = time.Minute
)

// commonWords caches the statistics' commonest words.
type commonWords struct {
	mu    sync.Mutex
	words []commonWord // sorted by word
	at    time.Time
}

type commonWord struct {
	word string
	freq float64
}

// get returns the cached words, reading them again when older than the
// TTL. A failed read leaves the prefixes as prefixes.
func (c *commonWords) get(ctx context.Context, s *Store) []commonWord {
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.at) < commonWordsTTL {
		return c.words
	}
	var words []string
	var freqs []float64
	err := s.pool.QueryRow(ctx, `SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats
		WHERE schemaname = current_schema() AND tablename = 'articles' AND attname = 'search_exact'`).Scan(&words, &freqs)
	c.at = time.Now()
	c.words = nil
	if err != nil {
		return nil // no statistics yet (or none readable): prefixes stay prefixes
	}
	for i, w := range words {
		if i < len(freqs) {
			c.words = append(c.words, commonWord{w, freqs[i]})
		}
	}
	slices.SortFunc(c.words, func(a, b commonWord) int { return strings.Compare(a.word, b.word) })
	return c.words
}

// completions returns the commonest words starting with prefix, most
// common first.
func completions(words []commonWord, prefix string) []string {
	i, _ := slices.BinarySearchFunc(words, prefix, func(w commonWord, p string) int { return strings.Compare(w.word, p) })
	var found []commonWord
	for ; i < len(words) && strings.HasPrefix(words[i].word, prefix); i++ {
		found = append(found, words[i])
	}
	slices.SortStableFunc(found, func(a, b commonWord) int { return cmp.Compare(b.freq, a.freq) })
	out := make([]string, 0, min(len(found), maxShortCompletions))
	for _, w := range found[:min(len(found), maxShortCompletions)] {
		out = append(out, w.word)
	}
	return out
}

// completeShortPrefixes replaces each one-word prefix of up to
// shortPrefix letters with its commonest words.
func (s *Store) completeShortPrefixes(ctx context.Context, p store.SearchPlan) store.SearchPlan {
	var words []commonWord
	loaded := false
	clause := func(terms []store.SearchTerm) []store.SearchTerm {
		var out []store.SearchTerm
		for _, t := range terms {
			if !t.Prefix || len(t.Tokens) != 1 || utf8.RuneCountInString(t.Tokens[0]) > shortPrefix {
				out = append(out, t)
				continue
			}
			if !loaded {
				words, loaded = s.common.get(ctx, s), true
			}
			ws := completions(words, t.Tokens[0])
			if len(ws) == 0 {
				out = append(out, t)
				continue
			}
			for _, w := range ws {
				out = append(out, store.SearchTerm{Tokens: []string{w}, Exact: true})
			}
		}
		return out
	}
	var q store.SearchPlan
	for _, c := range p.Positive {
		q.Positive = append(q.Positive, clause(c))
	}
	for _, c := range p.Negative {
		q.Negative = append(q.Negative, clause(c))
	}
	return q
}
