package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var slugHistoryCases = []suiteCase{
	{"SlugHistoryFollowsSlugChanges", testSlugHistoryFollows},
	{"SlugHistoryHidesWithItsArticle", testSlugHistoryHidden},
	{"SlugHistoryReservesFormerSlugs", testSlugHistoryReserved},
}

// publishedDesk creates a desk article published at slug.
func publishedDesk(t *testing.T, s store.Store, title, slug string) (model.DeskArticle, int64) {
	t.Helper()
	u := deskUser(t, s, "editor-"+slug+"@example.com", model.RoleEditor)
	d := deskDraft(u.ID, title, slug)
	d.Status, d.PublishAt = model.DeskPublished, base
	d = mustCreateDesk(t, s, d, u.ID)
	if d.ArticleID == 0 {
		t.Fatalf("published desk article %q has no public article", slug)
	}
	return d, u.ID
}

// wantFormer checks that the former slug leads to article id, now at
// slug now.
func wantFormer(t *testing.T, s store.Store, former string, id int64, now string) {
	t.Helper()
	a, err := s.ArticleByFormerSlug(t.Context(), former)
	if err != nil || a.ID != id || a.Slug != now || a.ContentHTML == "" {
		t.Fatalf("ArticleByFormerSlug(%q) = article %d at %q (content %d bytes), %v; want %d at %q with content",
			former, a.ID, a.Slug, len(a.ContentHTML), err, id, now)
	}
}

func wantNoFormer(t *testing.T, s store.Store, slug string) {
	t.Helper()
	if a, err := s.ArticleByFormerSlug(t.Context(), slug); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ArticleByFormerSlug(%q) = article %d, %v; want ErrNotFound", slug, a.ID, err)
	}
}

func testSlugHistoryFollows(t *testing.T, s store.Store) {
	ctx := t.Context()
	d, by := publishedDesk(t, s, "Ferry timetable", "ferry-timetable")
	id := d.ArticleID
	wantNoFormer(t, s, "ferry-timetable")
	wantNoFormer(t, s, "never-used")

	// An edit that keeps the slug records nothing.
	d.Title = "Ferry timetable, revised"
	d = mustSaveDesk(t, s, d, by, "saved", base.Add(time.Minute))
	wantNoFormer(t, s, "ferry-timetable")

	d.Slug = "ferry-timetable-revised"
	d = mustSaveDesk(t, s, d, by, "saved", base.Add(2*time.Minute))
	if _, err := s.GetArticleBySlug(ctx, "ferry-timetable"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the old slug is still live: %v", err)
	}
	if a, err := s.GetArticleBySlug(ctx, "ferry-timetable-revised"); err != nil || a.ID != id {
		t.Fatalf("the new slug finds %d, %v; want %d", a.ID, err, id)
	}
	wantFormer(t, s, "ferry-timetable", id, "ferry-timetable-revised")
	wantNoFormer(t, s, "ferry-timetable-revised")

	// Every former slug leads to the current one, with no chain.
	d.Slug = "winter-ferries"
	d = mustSaveDesk(t, s, d, by, "saved", base.Add(3*time.Minute))
	wantFormer(t, s, "ferry-timetable", id, "winter-ferries")
	wantFormer(t, s, "ferry-timetable-revised", id, "winter-ferries")

	// Taking a former slug back removes it from the history: the
	// address answers directly and never redirects to itself.
	d.Slug = "ferry-timetable"
	d = mustSaveDesk(t, s, d, by, "saved", base.Add(4*time.Minute))
	if a, err := s.GetArticleBySlug(ctx, "ferry-timetable"); err != nil || a.ID != id {
		t.Fatalf("the slug taken back finds %d, %v; want %d", a.ID, err, id)
	}
	wantNoFormer(t, s, "ferry-timetable")
	wantFormer(t, s, "ferry-timetable-revised", id, "ferry-timetable")
	wantFormer(t, s, "winter-ferries", id, "ferry-timetable")
	if d.ArticleID != id {
		t.Fatalf("the slug changes made a new public article %d, want %d", d.ArticleID, id)
	}
}

func testSlugHistoryHidden(t *testing.T, s store.Store) {
	d, by := publishedDesk(t, s, "Bridge closure", "bridge-closure")
	id := d.ArticleID
	d.Slug = "bridge-closed-for-repairs"
	d = mustSaveDesk(t, s, d, by, "saved", base.Add(time.Minute))
	wantFormer(t, s, "bridge-closure", id, "bridge-closed-for-repairs")

	d.Status = model.DeskUnpublished
	d = mustSaveDesk(t, s, d, by, "unpublished", base.Add(2*time.Minute))
	wantNoFormer(t, s, "bridge-closure")

	// A slug changed while unpublished is recorded when the article is
	// published again: the public row had the old one until then.
	d.Slug = "bridge-reopens"
	d = mustSaveDesk(t, s, d, by, "saved", base.Add(3*time.Minute))
	wantNoFormer(t, s, "bridge-closed-for-repairs")
	d.Status = model.DeskPublished
	mustSaveDesk(t, s, d, by, "published", base.Add(4*time.Minute))
	wantFormer(t, s, "bridge-closure", id, "bridge-reopens")
	wantFormer(t, s, "bridge-closed-for-repairs", id, "bridge-reopens")
}

func testSlugHistoryReserved(t *testing.T, s store.Store) {
	ctx := t.Context()
	d, by := publishedDesk(t, s, "Harbor news", "harbor-news")
	d.Slug = "harbor-news-update"
	mustSaveDesk(t, s, d, by, "saved", base.Add(time.Minute))

	// The desk refuses a former slug for another article, new or not.
	if _, err := s.CreateDeskArticle(ctx, deskDraft(by, "Harbor news", "harbor-news"), store.DeskChange{}); !errors.Is(err, store.ErrSlugTaken) {
		t.Fatalf("new desk article at a former slug: %v, want ErrSlugTaken", err)
	}
	other := mustCreateDesk(t, s, deskDraft(by, "Other", "other"), by)
	other.Slug = "harbor-news"
	if _, err := s.SaveDeskArticle(ctx, other, store.DeskChange{}); !errors.Is(err, store.ErrSlugTaken) {
		t.Fatalf("desk article moved onto a former slug: %v, want ErrSlugTaken", err)
	}

	// Ingest numbers an aggregated article around it.
	src := mustAddSource(t, s, "https://wire.example/feed", "Wire")
	res := mustSave(t, s, src.ID, article("Harbor news", base))
	a, err := s.GetArticle(ctx, res.IDs[0])
	if err != nil || a.Slug != "harbor-news-2" {
		t.Fatalf("aggregated article at %q (%v), want harbor-news-2", a.Slug, err)
	}
	wantFormer(t, s, "harbor-news", d.ArticleID, "harbor-news-update")
}

// SlugHistoryCascade checks that deleting an article deletes its former
// slugs: they neither lead anywhere nor stay reserved. Backends run it
// with deleteArticle removing the public row by their own SQL, as no
// method of the store deletes an original.
func SlugHistoryCascade(t *testing.T, s store.Store, deleteArticle func(id int64)) {
	d, by := publishedDesk(t, s, "Pier fire", "pier-fire")
	d.Slug = "pier-fire-out"
	d = mustSaveDesk(t, s, d, by, "saved", base.Add(time.Minute))
	wantFormer(t, s, "pier-fire", d.ArticleID, "pier-fire-out")
	deleteArticle(d.ArticleID)
	wantNoFormer(t, s, "pier-fire")
	if _, err := s.CreateDeskArticle(t.Context(), deskDraft(by, "Pier fire", "pier-fire"), store.DeskChange{}); err != nil {
		t.Fatalf("the former slug of a deleted article is still reserved: %v", err)
	}
}
