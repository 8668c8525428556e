package migrate_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/demo"
	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/sqlite"
	"github.com/newsdesk/newsdesk/internal/stories"
)

// demoSite builds the demo world into a new SQLite file the way `newsdesk
// demo` does (served on loopback, aggregated through the real ingest
// path, clustered into stories), then adds what a newsroom adds: staff,
// readers' comments in threads, a published and a draft desk article
// with revisions, settings, an app token and reading-app state. Every
// table the migration copies then holds rows. It returns the file's path.
func demoSite(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "site.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := demo.NewWorld(3, time.Now())
	srv := httptest.NewServer(w.Handler())
	defer srv.Close()
	client := fetch.New(fetch.Options{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	if _, err := w.Aggregate(ctx, srv.URL, ingest.New(st, client, ingest.Options{}), st); err != nil {
		t.Fatal(err)
	}
	if _, err := stories.New(st, stories.Options{}).Drain(ctx); err != nil {
		t.Fatal(err)
	}
	newsroom(t, st)
	return path
}

// newsroom adds the desk's, readers' and operators' rows to st.
func newsroom(t *testing.T, st store.Store) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ed, err := st.AddUser(ctx, model.User{Email: "Editor@Example.com", Name: "Eda Editor", Role: model.RoleEditor})
	must(err)
	au, err := st.AddUser(ctx, model.User{Email: "author@example.com", Name: "Al Author", Role: model.RoleAuthor})
	must(err)
	arts, _, err := st.ListArticles(ctx, store.ArticleFilter{Limit: 3})
	must(err)
	at := time.Date(2026, 3, 1, 9, 30, 0, 123456000, time.UTC)
	// Another outlet's feed carries the first article: stored once, with
	// both sources in article_sources.
	sources, err := st.ListSources(ctx)
	must(err)
	for _, src := range sources {
		if src.ID != arts[0].SourceID {
			copied := arts[0]
			copied.ID, copied.GUID, copied.URL = 0, "carried-1", "https://carrier.example/carried-1"
			res, err := st.SaveArticles(ctx, src.ID, []model.Article{copied})
			must(err)
			if res.Linked != 1 {
				t.Fatalf("carrying an article: %+v, want it linked", res)
			}
			break
		}
	}
	for i, a := range arts {
		top, err := st.AddComment(ctx, model.Comment{ArticleID: a.ID, Status: model.CommentApproved,
			Name: "Reader", Email: "reader@example.net", Website: "https://reader.example.net/",
			Body: "A first thought.", ClientIP: "192.0.2.7", Created: at.Add(time.Duration(i) * time.Minute)})
		must(err)
		_, err = st.AddComment(ctx, model.Comment{ArticleID: a.ID, ParentID: top.ID, Status: model.CommentPending,
			Name: "Other", Email: "other@example.net", Body: "A reply, held.", Created: at.Add(time.Hour)})
		must(err)
	}
	pub := model.DeskArticle{
		DeskFields: model.DeskFields{Title: "Harbour plan approved by council", Slug: "harbour-plan-approved",
			Body: "The council approved the harbour plan.", Excerpt: "The harbour plan passes."},
		AuthorID: au.ID, Status: model.DeskPublished, PublishAt: at,
		BodyHTML: "<p>The council approved the harbour plan.</p>", BodyText: "The council approved the harbour plan.",
	}
	d, err := st.CreateDeskArticle(ctx, pub, store.DeskChange{UserID: au.ID, Note: "created", At: at})
	must(err)
	d.Title, d.Slug = "Harbour plan approved by the council", "harbour-plan-approved-council"
	_, err = st.SaveDeskArticle(ctx, d, store.DeskChange{UserID: ed.ID, Note: "headline", At: at.Add(time.Minute)})
	must(err)
	draft := model.DeskArticle{
		DeskFields: model.DeskFields{Title: "Ferry timetable draft", Slug: "ferry-timetable", Body: "Draft."},
		AuthorID:   au.ID, Status: model.DeskDraft, BodyHTML: "<p>Draft.</p>", BodyText: "Draft.",
	}
	_, err = st.CreateDeskArticle(ctx, draft, store.DeskChange{UserID: au.ID, Note: "created", At: at})
	must(err)
	must(st.SetSettings(ctx, map[string]string{"site.name": "Harbour Herald", "site.tagline": "News by the water"}))
	_, err = st.CreateAppToken(ctx, model.AppToken{UserID: ed.ID, Name: "reader app", Scope: model.ScopeReader,
		SecretHash:   "5f4dcc3b5aa765d61d8327deb882cf995f4dcc3b5aa765d61d8327deb882cf99",
		FeverKeyHash: "ca978112ca1bbdcafac231b39a23dc4da786eff8147fb4e0ac32e1d2f1ad6f2b"})
	must(err)
	_, _, err = st.SaveImage(ctx, model.Image{SHA256: strings.Repeat("ab", 32), ContentType: "image/jpeg",
		Width: 640, Height: 480, SourceFormat: "jpeg", SourceBytes: 2048, Filename: "harbour.jpg", UploadedBy: au.ID,
		CreatedAt: at, Variants: []model.ImageVariant{
			{Width: 320, Height: 240, Data: []byte("\xff\xd8\x00 binary \x00\xff")},
			{Width: 640, Height: 480, Data: bytes.Repeat([]byte{0, 1, 2, 0xff}, 64)},
		}})
	must(err)
	must(st.CreateSession(ctx, model.Session{TokenHash: strings.Repeat("cd", 32), UserID: ed.ID, Created: at,
		Expires: at.Add(7 * 24 * time.Hour), LastSeen: at.Add(time.Minute), ClientIP: "2001:db8::7", UserAgent: "Mozilla/5.0"}))
	_, err = st.AddAudit(ctx, model.AuditEntry{At: at, UserID: ed.ID, Actor: "editor@example.com", Action: "settings.site",
		TargetType: "settings", Summary: "renamed the site", ClientIP: "192.0.2.9"})
	must(err)
	must(st.ReaderMarkRead(ctx, ed.ID, store.ReaderScope{}, at))
	yes := true
	_, err = st.ReaderSetState(ctx, store.ReaderUser{ID: ed.ID}, []int64{arts[0].ID, arts[1].ID}, store.ReaderChange{Read: &yes, Starred: &yes})
	must(err)
}
