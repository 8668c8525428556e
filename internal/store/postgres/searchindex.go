package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
)

// fieldWeights are the tsvector weights of title, excerpt and content.
const fieldWeights = "ABC"

// fieldGap separates the positions of two fields in one tsvector, so no
// phrase can run from the end of one field into the next.
const fieldGap = 100

// maxPosition is the largest position a tsvector keeps.
const maxPosition = 16383

// tsvectorLiteral writes the tokens of the three fields as a tsvector
// literal, each lexeme with its positions and its field's weight. The
// vector is built here rather than by to_tsvector so that PostgreSQL's
// parser, whose idea of a word depends on the database's locale, never
// splits a token: both backends index exactly the tokens of
// internal/search.
func tsvectorLiteral(fields [3]string) string {
	type occ struct {
		pos    int
		weight byte
	}
	seen := map[string][]occ{}
	var order []string
	pos := 0
	for i, f := range fields {
		for tok := range strings.FieldsSeq(f) {
			pos = min(pos+1, maxPosition)
			if _, ok := seen[tok]; !ok {
				order = append(order, tok)
			}
			seen[tok] = append(seen[tok], occ{pos, fieldWeights[i]})
		}
		pos += fieldGap
	}
	var b strings.Builder
	for i, tok := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(quoteLexeme(tok))
		b.WriteByte(':')
		for j, o := range seen[tok] {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(o.pos))
			b.WriteByte(o.weight)
		}
	}
	return b.String()
}

// quoteLexeme quotes a lexeme for tsvector and tsquery input.
func quoteLexeme(s string) string {
	return "'" + strings.NewReplacer(`'`, `''`, `\`, `\\`).Replace(s) + "'"
}

// indexVectors analyzes an article into its two tsvector literals.
func indexVectors(an *search.Analyzer, a model.Article) (exact, stemmed string) {
	x, st := store.IndexFields(an, a)
	return tsvectorLiteral(x), tsvectorLiteral(st)
}

// reindexBatch is how many articles one statement batch re-indexes.
const reindexBatch = 2000

// reindexLock is the advisory lock key that serializes re-indexing
// between processes starting at once.
const reindexLock = 0x6e6473_02

// UseSearchLanguage sets the language articles are analyzed in; when the
// index was built in another (or none), every article is indexed again
// in one transaction, under an advisory lock, the language re-read once
// the lock is held: processes starting together index once.
func (s *Store) UseSearchLanguage(ctx context.Context, lang string) error {
	an, err := search.NewAnalyzer(lang)
	if err != nil {
		return fmt.Errorf("postgres: search language: %w", err)
	}
	built, err := s.indexedLanguage(ctx)
	if err != nil {
		return fmt.Errorf("postgres: search language: %w", err)
	}
	if built != an.Language() {
		if err := s.reindex(ctx, an); err != nil {
			return fmt.Errorf("postgres: re-index articles in %s: %w", an.Language(), err)
		}
	}
	s.analyzer.Store(an)
	return nil
}

// indexedLanguage is the language the index was last built in, or "".
func (s *Store) indexedLanguage(ctx context.Context) (string, error) {
	var lang string
	err := s.pool.QueryRow(ctx, `SELECT value FROM search_meta WHERE key = 'language'`).Scan(&lang)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return lang, err
}

func (s *Store) reindex(ctx context.Context, an *search.Analyzer) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(reindexLock)); err != nil {
			return err
		}
		var built string
		err := tx.QueryRow(ctx, `SELECT value FROM search_meta WHERE key = 'language'`).Scan(&built)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if built == an.Language() {
			return nil // another process did it meanwhile
		}
		after := int64(0)
		for {
			rows, err := tx.Query(ctx, `SELECT id, title, excerpt, content_text FROM articles
				WHERE id > $1 ORDER BY id LIMIT $2`, after, reindexBatch)
			if err != nil {
				return err
			}
			type doc struct {
				id int64
				a  model.Article
			}
			docs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (doc, error) {
				var d doc
				err := r.Scan(&d.id, &d.a.Title, &d.a.Excerpt, &d.a.ContentText)
				return d, err
			})
			if err != nil {
				return err
			}
			if len(docs) == 0 {
				break
			}
			// One statement per batch: the rows arrive as three arrays,
			// so the server plans and runs one update, not thousands.
			ids := make([]int64, len(docs))
			exact := make([]string, len(docs))
			stemmed := make([]string, len(docs))
			for i, d := range docs {
				ids[i] = d.id
				exact[i], stemmed[i] = indexVectors(an, d.a)
			}
			if _, err := tx.Exec(ctx, `UPDATE articles a SET search_exact = v.x::tsvector, search_stemmed = v.s::tsvector
				FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(id, x, s) WHERE a.id = v.id`,
				ids, exact, stemmed); err != nil {
				return err
			}
			after = docs[len(docs)-1].id
		}
		_, err = tx.Exec(ctx, `INSERT INTO search_meta (key, value) VALUES ('language', $1)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, an.Language())
		return err
	})
}
