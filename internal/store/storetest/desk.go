package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var deskCases = []suiteCase{
	{"DeskSaveChecksVersionAndKeepsRevisions", testDeskVersions},
	{"DeskPublishMakesOnePublicArticle", testDeskPublish},
	{"DeskUnpublishHidesAndRepublishShows", testDeskUnpublish},
	{"DeskSlugClash", testDeskSlugClash},
	{"DeskListsByAuthorAndStatus", testDeskList},
	{"DeskPublishDueClaimsOnce", testDeskDue},
	{"DeskDeletesDraftsOnly", testDeskDelete},
}

func deskUser(t *testing.T, s store.Store, email string, role model.Role) model.User {
	t.Helper()
	u, err := s.AddUser(t.Context(), model.User{Email: email, Name: "Name of " + email, Role: role})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func deskDraft(author int64, title, slug string) model.DeskArticle {
	return model.DeskArticle{
		DeskFields: model.DeskFields{Title: title, Slug: slug, Body: "Body of " + title},
		AuthorID:   author, Status: model.DeskDraft, BodyHTML: "<p>Body of " + title + "</p>", BodyText: "Body of " + title,
	}
}

func mustCreateDesk(t *testing.T, s store.Store, d model.DeskArticle, by int64) model.DeskArticle {
	t.Helper()
	got, err := s.CreateDeskArticle(t.Context(), d, store.DeskChange{UserID: by, Note: "created", At: base})
	if err != nil {
		t.Fatalf("CreateDeskArticle(%q): %v", d.Title, err)
	}
	return got
}

func mustSaveDesk(t *testing.T, s store.Store, d model.DeskArticle, by int64, note string, at time.Time) model.DeskArticle {
	t.Helper()
	got, err := s.SaveDeskArticle(t.Context(), d, store.DeskChange{UserID: by, Note: note, At: at})
	if err != nil {
		t.Fatalf("SaveDeskArticle(%q, %s): %v", d.Title, d.Status, err)
	}
	return got
}

func testDeskVersions(t *testing.T, s store.Store) {
	ctx := t.Context()
	u := deskUser(t, s, "author@example.com", model.RoleAuthor)
	d := mustCreateDesk(t, s, deskDraft(u.ID, "Harbor plan", "harbor-plan"), u.ID)
	if d.ID == 0 || d.Version != 1 || d.Status != model.DeskDraft || d.Author != "Name of author@example.com" || !d.Created.Equal(base) {
		t.Fatalf("created %+v", d)
	}
	stale := d
	d.Title = "Harbor plan approved"
	saved := mustSaveDesk(t, s, d, u.ID, "saved", base.Add(time.Minute))
	if saved.Version != 2 || saved.Title != "Harbor plan approved" || !saved.Updated.Equal(base.Add(time.Minute)) || saved.UpdatedBy != u.ID {
		t.Fatalf("saved %+v", saved)
	}
	stale.Title = "Something else"
	if _, err := s.SaveDeskArticle(ctx, stale, store.DeskChange{UserID: u.ID, Note: "saved"}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("stale save: %v, want ErrConflict", err)
	}
	if got, _ := s.GetDeskArticle(ctx, d.ID); got.Title != "Harbor plan approved" || got.Version != 2 {
		t.Fatalf("after the refused save: %+v", got)
	}
	revs, err := s.ListDeskRevisions(ctx, d.ID)
	if err != nil || len(revs) != 2 {
		t.Fatalf("revisions = %+v, %v", revs, err)
	}
	if revs[0].Note != "saved" || revs[1].Note != "created" || revs[0].Fields.Title != "Harbor plan approved" ||
		revs[1].Fields.Title != "Harbor plan" || revs[0].User != "Name of author@example.com" {
		t.Fatalf("revisions newest first = %+v", revs)
	}
	one, err := s.GetDeskRevision(ctx, d.ID, revs[1].ID)
	if err != nil || one.Fields.Body != "Body of Harbor plan" || one.Status != model.DeskDraft {
		t.Fatalf("GetDeskRevision = %+v, %v", one, err)
	}
	if _, err := s.GetDeskRevision(ctx, d.ID+1, revs[1].ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("revision of another article: %v", err)
	}
	if _, err := s.GetDeskArticle(ctx, d.ID+100); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown article: %v", err)
	}
	if _, err := s.CreateDeskArticle(ctx, deskDraft(u.ID, " ", "blank"), store.DeskChange{}); err == nil {
		t.Fatal("an article without a title was stored")
	}
	sched := deskDraft(u.ID, "No time", "no-time")
	sched.Status = model.DeskScheduled
	if _, err := s.CreateDeskArticle(ctx, sched, store.DeskChange{}); err == nil {
		t.Fatal("a scheduled article without a time was stored")
	}
}

// fullDesk is a desk article with every field set, based on article basedOn.
func fullDesk(author, basedOn int64) model.DeskArticle {
	d := deskDraft(author, "Quay wall rebuilt after storm", "quay-wall-rebuilt")
	d.Excerpt = "The quay wall stands again."
	d.BodyText = "Engineers rebuilt the quay wall with basalt blocks."
	d.BodyHTML = "<p>Engineers rebuilt the quay wall with basalt blocks.</p>"
	d.Category = "Coastal Affairs"
	d.Tags = []string{"storms", "harbor works"}
	d.Byline = "Ana Reyes"
	d.ImageURL = "/media/7/1200.jpg"
	d.ImageCaption = "The new quay wall at dawn."
	d.ImageCredit = "Jo Lens"
	d.Credit = "Wire Agency"
	d.CreditURL = "https://wire.example/quay"
	d.BasedOn = basedOn
	d.Language = "en"
	return d
}

func testDeskPublish(t *testing.T, s store.Store) {
	ctx := t.Context()
	u := deskUser(t, s, "author@example.com", model.RoleAuthor)
	src := mustAddSource(t, s, "https://wire.example/feed", "Wire")
	res, err := s.SaveArticles(ctx, src.ID, []model.Article{{GUID: "g", URL: "https://wire.example/quay", Title: "Quay damaged",
		ContentText: "storm damage", PublishedAt: base.Add(-time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	d := fullDesk(u.ID, res.IDs[0])
	d.Status, d.PublishAt = model.DeskPublished, base
	d = mustCreateDesk(t, s, d, u.ID)
	if d.ArticleID == 0 || d.Status != model.DeskPublished {
		t.Fatalf("published desk article %+v has no public article", d)
	}
	a, err := s.GetArticle(ctx, d.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	want := model.Article{ID: d.ArticleID, Slug: "quay-wall-rebuilt", Title: d.Title, Excerpt: d.Excerpt,
		ContentHTML: d.BodyHTML, ContentText: d.BodyText, Byline: "Ana Reyes", PublishedAt: base, FetchedAt: base,
		ImageURL: d.ImageURL, ImageCredit: "Jo Lens", Credit: "Wire Agency", Category: "Coastal Affairs",
		CategorySlug: "coastal-affairs", Language: "en", Kind: model.KindOriginal, CreditURL: d.CreditURL,
		ImageCaption: d.ImageCaption, Tags: []string{"storms", "harbor works"}, BasedOn: res.IDs[0], AuthorID: u.ID}
	if a.ID != want.ID || a.Slug != want.Slug || a.Title != want.Title || a.Excerpt != want.Excerpt ||
		a.ContentHTML != want.ContentHTML || a.ContentText != want.ContentText || a.Byline != want.Byline ||
		!a.PublishedAt.Equal(base) || a.ImageURL != want.ImageURL || a.ImageCredit != want.ImageCredit ||
		a.Credit != want.Credit || a.Category != want.Category || a.CategorySlug != want.CategorySlug ||
		a.Language != "en" || a.Kind != model.KindOriginal || a.SourceID != 0 || a.CreditURL != want.CreditURL ||
		a.ImageCaption != want.ImageCaption || !slices.Equal(a.Tags, want.Tags) || a.BasedOn != want.BasedOn ||
		a.AuthorID != u.ID || !a.UpdatedAt.IsZero() {
		t.Fatalf("public article\n %+v\nwant\n %+v", a, want)
	}
	if got, err := s.GetArticleBySlug(ctx, "quay-wall-rebuilt"); err != nil || got.ID != a.ID {
		t.Fatalf("GetArticleBySlug = %d, %v", got.ID, err)
	}
	if n, ids := searchIDs(t, s, store.SearchQuery{Query: parse("basalt")}); n != 1 || ids[0] != a.ID {
		t.Fatalf("search for the body's word found %v", ids)
	}
	if n, ids := searchIDs(t, s, store.SearchQuery{Query: parse("quay"), Kind: model.KindOriginal}); n != 1 || ids[0] != a.ID {
		t.Fatalf("search among originals found %v", ids)
	}
	pending, err := s.PendingClustering(ctx, 10)
	if err != nil || !slices.ContainsFunc(pending, func(p model.Article) bool { return p.ID == a.ID }) {
		t.Fatalf("the public article is not pending clustering: %v", err)
	}

	// An edit after publication updates the public row and its index.
	d.Title, d.BodyText, d.BodyHTML = "Quay wall rebuilt in granite", "Engineers used granite.", "<p>Engineers used granite.</p>"
	d.Tags = []string{"granite"}
	d = mustSaveDesk(t, s, d, u.ID, "saved", base.Add(time.Hour))
	a, err = s.GetArticle(ctx, d.ArticleID)
	if err != nil || a.Title != "Quay wall rebuilt in granite" || !a.UpdatedAt.Equal(base.Add(time.Hour)) ||
		!a.PublishedAt.Equal(base) || !slices.Equal(a.Tags, []string{"granite"}) {
		t.Fatalf("after the edit: %+v, %v", a, err)
	}
	if n, _ := searchIDs(t, s, store.SearchQuery{Query: parse("basalt")}); n != 0 {
		t.Fatal("the old body is still found")
	}
	if n, ids := searchIDs(t, s, store.SearchQuery{Query: parse("granite")}); n != 1 || ids[0] != a.ID {
		t.Fatalf("the new body is not found: %v", ids)
	}
	list, _, err := s.ListArticles(ctx, store.ArticleFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	originals := 0
	for _, x := range list {
		if x.Kind == model.KindOriginal {
			originals++
		}
	}
	if originals != 1 {
		t.Fatalf("%d public originals, want 1", originals)
	}
}

func testDeskUnpublish(t *testing.T, s store.Store) {
	ctx := t.Context()
	u := deskUser(t, s, "editor@example.com", model.RoleEditor)
	d := fullDesk(u.ID, 0)
	d.Status, d.PublishAt = model.DeskPublished, base
	d = mustCreateDesk(t, s, d, u.ID)
	if _, err := s.AddComment(ctx, model.Comment{ArticleID: d.ArticleID, Name: "R", Email: "r@example.net",
		Body: "Good news", Status: model.CommentApproved}); err != nil {
		t.Fatal(err)
	}
	d.Status = model.DeskUnpublished
	d = mustSaveDesk(t, s, d, u.ID, "unpublished", base.Add(time.Minute))
	if _, err := s.GetArticleBySlug(ctx, d.Slug); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("an unpublished article is still found by its slug: %v", err)
	}
	if n, _ := searchIDs(t, s, store.SearchQuery{Query: parse("basalt")}); n != 0 {
		t.Fatal("an unpublished article is still found by search")
	}
	list, _, err := s.ListArticles(ctx, store.ArticleFilter{})
	if err != nil || len(list) != 0 {
		t.Fatalf("an unpublished article is still listed: %v %v", list, err)
	}
	first := d.ArticleID
	d.Status = model.DeskPublished
	d = mustSaveDesk(t, s, d, u.ID, "published", base.Add(2*time.Minute))
	if d.ArticleID != first {
		t.Fatalf("republishing made article %d, want the same %d", d.ArticleID, first)
	}
	a, err := s.GetArticleBySlug(ctx, d.Slug)
	if err != nil || a.ID != first || a.Comments != 1 || !a.PublishedAt.Equal(base) {
		t.Fatalf("republished: %+v, %v", a, err)
	}
	if n, _ := searchIDs(t, s, store.SearchQuery{Query: parse("basalt")}); n != 1 {
		t.Fatal("a republished article is not found by search")
	}
}

func testDeskSlugClash(t *testing.T, s store.Store) {
	ctx := t.Context()
	u := deskUser(t, s, "author@example.com", model.RoleAuthor)
	src := mustAddSource(t, s, "https://wire.example/feed", "Wire")
	if _, err := s.SaveArticles(ctx, src.ID, []model.Article{{GUID: "g", URL: "https://wire.example/a", Title: "Harbor reopens",
		PublishedAt: base}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateDeskArticle(ctx, deskDraft(u.ID, "Harbor reopens", "harbor-reopens"), store.DeskChange{}); !errors.Is(err, store.ErrSlugTaken) {
		t.Fatalf("slug of an aggregated article: %v, want ErrSlugTaken", err)
	}
	mustCreateDesk(t, s, deskDraft(u.ID, "One", "same-slug"), u.ID)
	if _, err := s.CreateDeskArticle(ctx, deskDraft(u.ID, "Two", "same-slug"), store.DeskChange{}); !errors.Is(err, store.ErrSlugTaken) {
		t.Fatalf("slug of another desk article: %v, want ErrSlugTaken", err)
	}
	other := mustCreateDesk(t, s, deskDraft(u.ID, "Three", "three"), u.ID)
	other.Slug = "same-slug"
	if _, err := s.SaveDeskArticle(ctx, other, store.DeskChange{}); !errors.Is(err, store.ErrSlugTaken) {
		t.Fatalf("saving onto another's slug: %v, want ErrSlugTaken", err)
	}
	// An article keeps its own slug through saves and publication.
	other.Slug, other.Status, other.PublishAt = "three", model.DeskPublished, base
	other = mustSaveDesk(t, s, other, u.ID, "published", base)
	if a, err := s.GetArticle(ctx, other.ArticleID); err != nil || a.Excerpt != "Body of Three" {
		t.Fatalf("an original published without an excerpt has %q (%v), want its text's first sentence", a.Excerpt, err)
	}
	other.Title = "Three, edited"
	mustSaveDesk(t, s, other, u.ID, "saved", base.Add(time.Minute))
}

func testDeskList(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := deskUser(t, s, "a@example.com", model.RoleAuthor)
	b := deskUser(t, s, "b@example.com", model.RoleAuthor)
	for i, who := range []int64{a.ID, b.ID, a.ID, a.ID} {
		d := deskDraft(who, "Article", "article-"+string(rune('a'+i)))
		if i == 3 {
			d.Status, d.PublishAt = model.DeskScheduled, base.Add(time.Hour)
		}
		if _, err := s.CreateDeskArticle(ctx, d, store.DeskChange{UserID: who, At: base.Add(time.Duration(i) * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	mine, next, err := s.ListDeskArticles(ctx, store.DeskFilter{AuthorID: a.ID, Limit: 2})
	if err != nil || len(mine) != 2 || next == "" || mine[0].Slug != "article-d" || mine[1].Slug != "article-c" || mine[0].Body != "" {
		t.Fatalf("first page of a's articles = %+v, %q, %v", mine, next, err)
	}
	rest, next, err := s.ListDeskArticles(ctx, store.DeskFilter{AuthorID: a.ID, Limit: 2, Cursor: next})
	if err != nil || len(rest) != 1 || next != "" || rest[0].Slug != "article-a" {
		t.Fatalf("second page = %+v, %q, %v", rest, next, err)
	}
	sched, _, err := s.ListDeskArticles(ctx, store.DeskFilter{Status: model.DeskScheduled})
	if err != nil || len(sched) != 1 || sched[0].Slug != "article-d" || !sched[0].PublishAt.Equal(base.Add(time.Hour)) {
		t.Fatalf("scheduled = %+v, %v", sched, err)
	}
	counts, err := s.CountDeskArticles(ctx, a.ID)
	if err != nil || counts[model.DeskDraft] != 2 || counts[model.DeskScheduled] != 1 {
		t.Fatalf("a's counts = %v, %v", counts, err)
	}
	all, err := s.CountDeskArticles(ctx, 0)
	if err != nil || all[model.DeskDraft] != 3 {
		t.Fatalf("all counts = %v, %v", all, err)
	}
	if _, _, err := s.ListDeskArticles(ctx, store.DeskFilter{Cursor: "junk"}); !errors.Is(err, store.ErrBadCursor) {
		t.Fatalf("bad cursor: %v", err)
	}
}

func testDeskDue(t *testing.T, s store.Store) {
	ctx := t.Context()
	u := deskUser(t, s, "author@example.com", model.RoleAuthor)
	if _, ok, err := s.NextScheduled(ctx); ok || err != nil {
		t.Fatalf("NextScheduled with none = %v, %v", ok, err)
	}
	d := fullDesk(u.ID, 0)
	d.Status, d.PublishAt = model.DeskScheduled, base.Add(time.Hour)
	d = mustCreateDesk(t, s, d, u.ID)
	if d.ArticleID != 0 {
		t.Fatal("a scheduled article has a public article before its time")
	}
	if at, ok, err := s.NextScheduled(ctx); !ok || err != nil || !at.Equal(base.Add(time.Hour)) {
		t.Fatalf("NextScheduled = %v, %v, %v", at, ok, err)
	}
	if got, err := s.PublishDue(ctx, base.Add(59*time.Minute), 10); err != nil || len(got) != 0 {
		t.Fatalf("PublishDue before the time = %v, %v", got, err)
	}
	// Meanwhile an aggregated article takes the slug: the scheduler
	// publishes under a free variant rather than not at all.
	src := mustAddSource(t, s, "https://wire.example/feed", "Wire")
	if _, err := s.SaveArticles(ctx, src.ID, []model.Article{{GUID: "g", URL: "https://wire.example/b", Title: "x",
		Slug: "quay-wall-rebuilt", PublishedAt: base}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.PublishDue(ctx, base.Add(2*time.Hour), 10)
	if err != nil || len(got) != 1 || got[0].ID != d.ID || got[0].Status != model.DeskPublished || got[0].ArticleID == 0 {
		t.Fatalf("PublishDue at the time = %+v, %v", got, err)
	}
	if got[0].Slug != "quay-wall-rebuilt-2" {
		t.Fatalf("published under slug %q, want quay-wall-rebuilt-2", got[0].Slug)
	}
	a, err := s.GetArticleBySlug(ctx, "quay-wall-rebuilt-2")
	if err != nil || !a.PublishedAt.Equal(base.Add(time.Hour)) || a.Kind != model.KindOriginal {
		t.Fatalf("public article = %+v, %v", a, err)
	}
	if again, err := s.PublishDue(ctx, base.Add(3*time.Hour), 10); err != nil || len(again) != 0 {
		t.Fatalf("PublishDue again = %v, %v", again, err)
	}
	if _, ok, _ := s.NextScheduled(ctx); ok {
		t.Fatal("still scheduled after publication")
	}
	revs, err := s.ListDeskRevisions(ctx, d.ID)
	if err != nil || len(revs) != 2 || revs[0].Note != "published on schedule" || revs[0].UserID != 0 || revs[0].Status != model.DeskPublished {
		t.Fatalf("revisions = %+v, %v", revs, err)
	}
}

func testDeskDelete(t *testing.T, s store.Store) {
	ctx := t.Context()
	u := deskUser(t, s, "author@example.com", model.RoleAuthor)
	draft := mustCreateDesk(t, s, deskDraft(u.ID, "Draft", "draft"), u.ID)
	pub := deskDraft(u.ID, "Published", "published")
	pub.Status, pub.PublishAt = model.DeskPublished, base
	pub = mustCreateDesk(t, s, pub, u.ID)
	if err := s.DeleteDeskArticle(ctx, pub.ID); !errors.Is(err, store.ErrNotDraft) {
		t.Fatalf("deleting a published article: %v, want ErrNotDraft", err)
	}
	// Back to draft, it was still published once: its page must stay.
	pub.Status = model.DeskDraft
	pub = mustSaveDesk(t, s, pub, u.ID, "saved", base.Add(time.Minute))
	if err := s.DeleteDeskArticle(ctx, pub.ID); !errors.Is(err, store.ErrNotDraft) {
		t.Fatalf("deleting a once-published draft: %v, want ErrNotDraft", err)
	}
	if err := s.DeleteDeskArticle(ctx, draft.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetDeskArticle(ctx, draft.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted draft: %v", err)
	}
	if revs, err := s.ListDeskRevisions(ctx, draft.ID); err != nil || len(revs) != 0 {
		t.Fatalf("revisions of a deleted draft = %v, %v", revs, err)
	}
	if err := s.DeleteDeskArticle(ctx, draft.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleting it again: %v", err)
	}
}
