package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
)

// ftsInsertSQL adds one article's token streams to the index.
const ftsInsertSQL = `INSERT INTO articles_fts (rowid, title_x, excerpt_x, content_x, title_s, excerpt_s, content_s,
	title_xp, excerpt_xp, content_xp, title_sp, excerpt_sp, content_sp, tags)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// indexArgs analyzes an article into the index's columns, rowid first.
// categoryID and sourceID are 0 when the article has none.
func indexArgs(an *search.Analyzer, id int64, a model.Article, categoryID, sourceID int64) []any {
	x, st := store.IndexFields(an, a)
	return []any{id, x[0], x[1], x[2], st[0], st[1], st[2],
		pairs(x[0]), pairs(x[1]), pairs(x[2]), pairs(st[0]), pairs(st[1]), pairs(st[2]),
		filterTags(categoryID, sourceID, a.Kind)}
}

// pairJoin joins the two words of a pair token. FTS5 is told it belongs
// in tokens (tokenchars); words never hold it.
const pairJoin = "_"

// pairs turns a field's tokens into the tokens of its word pairs, in
// order: "a b c" gives "a_b b_c". A phrase of n words is then the phrase
// of its n-1 pairs.
func pairs(tokens string) string {
	var b strings.Builder
	var prev string
	for tok := range strings.FieldsSeq(tokens) {
		if prev != "" {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(prev)
			b.WriteString(pairJoin)
			b.WriteString(tok)
		}
		prev = tok
	}
	return b.String()
}

// addArgs counts the tokens of one article's indexArgs: the six word
// columns and the filter tags.
func (t termDocs) addArgs(args []any) {
	cols := make([]string, 0, 6)
	for _, v := range args[1:7] {
		cols = append(cols, v.(string))
	}
	t.add(cols...)
	for tag := range strings.FieldsSeq(args[len(args)-1].(string)) {
		t[tagKey(tag)]++
	}
}

// filterTags are the tokens of an article's filterable values.
func filterTags(categoryID, sourceID int64, kind model.Kind) string {
	return fmt.Sprintf("zc%d zs%d zk%s", categoryID, sourceID, kind)
}

// UseSearchLanguage sets the language articles are analyzed in. When the
// index was built in another language (or in none yet, or a migration
// changed its layout), it is emptied and every article indexed again.
// That happens in one write transaction, which re-reads the language
// first: two processes opening the same file at once index it once.
func (s *Store) UseSearchLanguage(ctx context.Context, lang string) error {
	an, err := search.NewAnalyzer(lang)
	if err != nil {
		return fmt.Errorf("sqlite: search language: %w", err)
	}
	if s.indexedLanguage(ctx) != an.Language() || s.indexStale(ctx) {
		if err := s.reindex(ctx, an); err != nil {
			return fmt.Errorf("sqlite: re-index articles in %s: %w", an.Language(), err)
		}
	}
	s.analyzer.Store(an)
	return nil
}

func (s *Store) reindex(ctx context.Context, an *search.Analyzer) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var built string
	err = tx.QueryRowContext(ctx, `SELECT value FROM search_meta WHERE key = 'language'`).Scan(&built)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	var stale int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM search_meta WHERE key = 'rebuild'`).Scan(&stale); err != nil {
		return err
	}
	if built == an.Language() && stale == 0 {
		return nil // another process did it meanwhile
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_terms`); err != nil {
		return err
	}
	terms := termDocs{}
	ins, err := tx.PrepareContext(ctx, ftsInsertSQL)
	if err != nil {
		return err
	}
	// A batch of rows is read, then indexed: the read is finished before
	// the writes on the same connection begin.
	type doc struct {
		id, cat, src int64
		a            model.Article
	}
	for after := int64(0); ; {
		rows, err := tx.QueryContext(ctx, `SELECT id, title, excerpt, content_text,
			COALESCE(category_id, 0), COALESCE(source_id, 0), kind FROM articles
			WHERE id > ? AND hidden = 0 ORDER BY id LIMIT 1000`, after)
		if err != nil {
			return err
		}
		var docs []doc
		for rows.Next() {
			var d doc
			var kind string
			if err := rows.Scan(&d.id, &d.a.Title, &d.a.Excerpt, &d.a.ContentText, &d.cat, &d.src, &kind); err != nil {
				rows.Close()
				return err
			}
			d.a.Kind = model.Kind(kind)
			docs = append(docs, d)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if len(docs) == 0 {
			break
		}
		for _, d := range docs {
			args := indexArgs(an, d.id, d.a, d.cat, d.src)
			if _, err := ins.ExecContext(ctx, args...); err != nil {
				return err
			}
			terms.addArgs(args)
		}
		if err := terms.flush(ctx, tx); err != nil {
			return err
		}
		after = docs[len(docs)-1].id
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO search_meta (key, value) VALUES ('language', ?)`, an.Language()); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_meta WHERE key = 'rebuild'`); err != nil {
		return err
	}
	return tx.Commit()
}
