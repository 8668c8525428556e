package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// memWriter is an ArticleWriter over a slice, standing in for a backend's
// transaction.
type memWriter struct {
	rows          []memRow
	categories    map[string]int64 // by slug
	categoryCalls []string         // names asked for, in order
	fail          string           // the method that fails once a row is stored
}

// failing reports whether method must fail now.
func (m *memWriter) failing(method string) bool {
	return m.fail == method && len(m.rows) > 0
}

type memRow struct {
	a          model.Article
	slug       string
	categoryID int64
}

var errBackend = errors.New("backend failed")

func (m *memWriter) Stored(_ context.Context, a model.Article) (bool, error) {
	if m.failing("Stored") {
		return false, errBackend
	}
	for _, r := range m.rows {
		if (a.GUID != "" && r.a.GUID == a.GUID) || (a.CanonicalURL != "" && r.a.CanonicalURL == a.CanonicalURL) {
			return true, nil
		}
	}
	return false, nil
}

func (m *memWriter) Category(_ context.Context, name, slug string) (int64, error) {
	if m.failing("Category") {
		return 0, errBackend
	}
	m.categoryCalls = append(m.categoryCalls, name)
	if m.categories == nil {
		m.categories = map[string]int64{}
	}
	if _, ok := m.categories[slug]; !ok {
		m.categories[slug] = int64(100 + len(m.categories))
	}
	return m.categories[slug], nil
}

func (m *memWriter) TakenSlugs(_ context.Context, base string) (map[string]bool, error) {
	if m.failing("TakenSlugs") {
		return nil, errBackend
	}
	taken := map[string]bool{}
	for _, r := range m.rows {
		taken[r.slug] = true
	}
	return taken, nil
}

func (m *memWriter) Insert(_ context.Context, a model.Article, slug string, categoryID int64) (int64, error) {
	if m.failing("Insert") {
		return 0, errBackend
	}
	m.rows = append(m.rows, memRow{a: a, slug: slug, categoryID: categoryID})
	return int64(len(m.rows)), nil
}

func (m *memWriter) slugs() []string {
	var out []string
	for _, r := range m.rows {
		out = append(out, r.slug)
	}
	return out
}

var batchNow = time.Date(2024, 6, 1, 12, 0, 0, 123456789, time.FixedZone("CEST", 2*3600))

func TestSaveBatch_Defaults(t *testing.T) {
	published := time.Date(2024, 5, 30, 8, 0, 0, 0, time.UTC)
	fetched := time.Date(2024, 5, 31, 9, 0, 0, 0, time.UTC)
	var m memWriter
	_, err := store.SaveBatch(t.Context(), &m, []model.Article{
		{Title: "Bare"},
		{Title: "Dated", PublishedAt: published, FetchedAt: fetched, Kind: model.KindOriginal},
		{Title: "Fetched only", FetchedAt: fetched},
	}, batchNow)
	if err != nil {
		t.Fatal(err)
	}
	// FetchedAt defaults to now in UTC, to the microsecond both backends keep.
	now := time.Date(2024, 6, 1, 10, 0, 0, 123456000, time.UTC)
	want := []struct {
		kind               model.Kind
		published, fetched time.Time
	}{
		{model.KindAggregated, now, now},
		{model.KindOriginal, published, fetched},
		{model.KindAggregated, fetched, fetched},
	}
	for i, w := range want {
		a := m.rows[i].a
		if a.Kind != w.kind || a.PublishedAt != w.published || a.FetchedAt != w.fetched {
			t.Errorf("%s: kind %q published %v fetched %v; want %q %v %v",
				a.Title, a.Kind, a.PublishedAt, a.FetchedAt, w.kind, w.published, w.fetched)
		}
	}
}

func TestSaveBatch_Duplicates(t *testing.T) {
	m := memWriter{rows: []memRow{{a: model.Article{GUID: "stored", CanonicalURL: "https://a.example/stored"}, slug: "old"}}}
	res, err := store.SaveBatch(t.Context(), &m, []model.Article{
		{GUID: "stored", Title: "Stored GUID"},
		{CanonicalURL: "https://a.example/stored", Title: "Stored canonical"},
		{GUID: "g1", CanonicalURL: "https://a.example/1", Title: "First"},
		{GUID: "g1", Title: "Same GUID later in the batch"},
		{GUID: "g2", CanonicalURL: "https://a.example/1", Title: "Same canonical later in the batch"},
		{Title: "No keys"},
		{Title: "No keys"},
		{GUID: "g\x00\xff", Title: "Dirty GUID"},
		{GUID: "g\uFFFD", Title: "The same GUID once cleaned"},
	}, batchNow)
	if err != nil {
		t.Fatal(err)
	}
	if res.Inserted != 4 || res.Duplicates != 5 || !slices.Equal(res.IDs, []int64{2, 3, 4, 5}) {
		t.Errorf("result %+v, want 4 inserted as IDs 2..5, 5 duplicates", res)
	}
	if got := m.rows[4].a.GUID; got != "g\uFFFD" {
		t.Errorf("stored GUID %q, want it cleaned", got)
	}
}

func TestSaveBatch_Slugs(t *testing.T) {
	m := memWriter{rows: []memRow{{slug: "taken"}, {slug: "taken-2"}}}
	_, err := store.SaveBatch(t.Context(), &m, []model.Article{
		{Title: "Taken"},
		{Title: "Fresh Headline!"},
		{Title: "Fresh headline"},
		{Title: "Ignored title", Slug: "Given Slug"},
		{Title: "???"},
		{Title: strings.Repeat("word ", 40)},
	}, batchNow)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"taken", "taken-2", "taken-3", "fresh-headline", "fresh-headline-2", "given-slug", "item",
		model.Slugify(strings.Repeat("word ", 40), 80)}
	if got := m.slugs(); !slices.Equal(got, want) {
		t.Errorf("slugs %q, want %q", got, want)
	}
	if n := len(m.rows[7].slug); n > 80 {
		t.Errorf("slug of %d bytes, want at most 80", n)
	}
}

func TestSaveBatch_Categories(t *testing.T) {
	var m memWriter
	_, err := store.SaveBatch(t.Context(), &m, []model.Article{
		{Title: "a", Category: " World "},
		{Title: "b", Category: "world"},
		{Title: "c", Category: "   "},
		{Title: "d"},
		{Title: "e", Category: "Business"},
		{Title: "f", Category: "World"},
	}, batchNow)
	if err != nil {
		t.Fatal(err)
	}
	// One look-up per slug a batch, under the trimmed name first seen.
	if !slices.Equal(m.categoryCalls, []string{"World", "Business"}) {
		t.Errorf("category look-ups %q, want World then Business", m.categoryCalls)
	}
	var ids []int64
	for _, r := range m.rows {
		ids = append(ids, r.categoryID)
	}
	if want := []int64{100, 100, 0, 0, 101, 100}; !slices.Equal(ids, want) {
		t.Errorf("category IDs %v, want %v", ids, want)
	}
}

func TestSaveBatch_Errors(t *testing.T) {
	for _, tt := range []struct{ fail, want string }{
		{"Stored", `save article "Second": check duplicate: backend failed`},
		{"Category", `save article "Second": category "World": backend failed`},
		{"TakenSlugs", `save article "Second": slug: backend failed`},
		{"Insert", `save article "Second": insert: backend failed`},
	} {
		t.Run(tt.fail, func(t *testing.T) {
			m := memWriter{fail: tt.fail}
			res, err := store.SaveBatch(t.Context(), &m, []model.Article{
				{GUID: "first", Title: "First", Category: "Business"},
				{GUID: "second", Title: "Second", Category: "World"},
			}, batchNow)
			if err == nil || err.Error() != tt.want || !errors.Is(err, errBackend) {
				t.Errorf("error %v, want %q wrapping the backend's", err, tt.want)
			}
			if res.Inserted != 0 || res.Duplicates != 0 || res.IDs != nil {
				t.Errorf("result %+v on error, want zero", res)
			}
		})
	}
}
