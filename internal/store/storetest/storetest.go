// Package storetest holds the conformance suite every store.Store backend
// must pass, and helpers that give other packages' tests a real store.
package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// suiteCase is one conformance test; it gets a fresh, empty store.
type suiteCase struct {
	name string
	fn   func(t *testing.T, s store.Store)
}

// Run runs the conformance suite. open must return a fresh, empty store
// for each call and arrange for it to be closed when t ends.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	var cases []suiteCase
	cases = append(cases, sourceCases...)
	cases = append(cases, saveCases...)
	cases = append(cases, articleSourceCases...)
	cases = append(cases, listCases...)
	cases = append(cases, searchCases...)
	cases = append(cases, categoryCases...)
	cases = append(cases, hostileCases...)
	cases = append(cases, jobCases...)
	cases = append(cases, commentCases...)
	cases = append(cases, storyCases...)
	cases = append(cases, userCases...)
	cases = append(cases, settingCases...)
	cases = append(cases, auditCases...)
	cases = append(cases, mediaCases...)
	cases = append(cases, deskCases...)
	cases = append(cases, curationCases...)
	cases = append(cases, accountCases...)
	cases = append(cases, slugHistoryCases...)
	cases = append(cases, readerStateCases...)
	cases = append(cases, appTokenCases...)
	cases = append(cases, changeCases...)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, open(t))
		})
	}
}

// NewSQLite returns an empty SQLite store in a file under t.TempDir(),
// closed when the test ends: a copy of a database migrated once per test
// binary (NewSQLiteCopy says why).
func NewSQLite(t testing.TB) store.Store {
	t.Helper()
	return NewSQLiteCopy(t)
}

// base is a fixed instant the suite's times are built from: UTC and
// whole microseconds, which is what the stores keep.
var base = time.Date(2024, 6, 22, 9, 30, 0, 123456000, time.UTC)

// mustAddSource stores a source with the given feed URL and name.
func mustAddSource(t *testing.T, s store.Store, feedURL, name string) model.Source {
	t.Helper()
	src, err := s.AddSource(t.Context(), model.Source{FeedURL: feedURL, Name: name})
	if err != nil {
		t.Fatalf("AddSource(%q): %v", feedURL, err)
	}
	return src
}

// mustSave stores articles and fails the test on error.
func mustSave(t *testing.T, s store.Store, sourceID int64, arts ...model.Article) store.SaveResult {
	t.Helper()
	res, err := s.SaveArticles(t.Context(), sourceID, arts)
	if err != nil {
		t.Fatalf("SaveArticles: %v", err)
	}
	return res
}

// article builds an article whose GUID and URL derive from title.
func article(title string, published time.Time) model.Article {
	slug := model.Slugify(title, 80)
	return model.Article{
		GUID:        "guid-" + slug,
		URL:         "https://example.com/" + slug,
		Title:       title,
		Excerpt:     "About " + title,
		PublishedAt: published,
	}
}

// utc normalizes an article's times so reflect.DeepEqual compares
// instants rather than location pointers.
func utc(a model.Article) model.Article {
	a.PublishedAt = a.PublishedAt.UTC()
	a.FetchedAt = a.FetchedAt.UTC()
	return a
}

func assertArticle(t *testing.T, got, want model.Article) {
	t.Helper()
	if g, w := utc(got), utc(want); !reflect.DeepEqual(g, w) {
		t.Errorf("article mismatch\n got: %+v\nwant: %+v", g, w)
	}
}

// ids lists the IDs of articles in order.
func ids(arts []model.Article) []int64 {
	out := make([]int64, len(arts))
	for i, a := range arts {
		out[i] = a.ID
	}
	return out
}
