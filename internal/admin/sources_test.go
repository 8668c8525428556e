package admin_test

import (
	"bytes"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/admin"
	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/opml"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// feedSite serves on 127.0.0.1 a page announcing /feed.xml, that feed
// (two items, one with its full text and a photo), a second feed, a page
// announcing nothing and plain text.
func feedSite(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><head><title>Bay Times</title>
<link rel="alternate" type="application/rss+xml" title="Bay Times" href="/feed.xml"></head><body>News</body></html>`)
	})
	feed := func(title, prefix string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			base := "http://" + r.Host
			fmt.Fprintf(w, `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>%[1]s</title><link>%[2]s/</link>
<item><title>%[3]s tide tables revised</title><link>%[2]s/%[3]s-tides</link><guid>%[3]s-1</guid>
<pubDate>Mon, 03 Jun 2024 08:00:00 GMT</pubDate><description>Short.</description>
<content:encoded><![CDATA[<p>The whole story of the tides.</p>]]></content:encoded>
<media:content url="%[2]s/tide.jpg" medium="image"/></item>
<item><title>%[3]s ferry timetable</title><link>%[2]s/%[3]s-ferry</link><guid>%[3]s-2</guid>
<pubDate>Mon, 03 Jun 2024 07:00:00 GMT</pubDate><description>Only a summary.</description></item>
</channel></rss>`, title, base, prefix)
		}
	}
	mux.HandleFunc("GET /feed.xml", feed("Bay Times", "bay"))
	mux.HandleFunc("GET /other.xml", feed("Harbor Notes", "notes"))
	mux.HandleFunc("GET /nofeed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<!doctype html><html><head><title>No feed</title></head><body>Hello</body></html>`)
	})
	mux.HandleFunc("GET /plain", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "just some words, not a feed")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// newSourcesFixture is the admin fixture with a feed reader that may
// fetch from 127.0.0.1 (allowPrivate) or not.
func newSourcesFixture(t *testing.T, allowPrivate bool) *fixture {
	t.Helper()
	st := storetest.NewSQLiteCopy(t)
	var allow []netip.Prefix
	if allowPrivate {
		allow = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	}
	in := ingest.New(st, fetch.New(fetch.Options{AllowPrivate: allow, Timeout: 10 * time.Second}), ingest.Options{})
	return newFixture(t, fixtureOptions{store: st, change: func(o *admin.Options) { o.Feeds = in }})
}

func (f *fixture) auditActions(prefix string) []string {
	f.t.Helper()
	es, _, err := f.st.ListAudit(f.t.Context(), store.AuditFilter{ActionPrefix: prefix, Limit: 100})
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Action)
	}
	return out
}

func TestSources_ListEditDisableRemove(t *testing.T) {
	f := newFixture(t)
	ed, _ := f.signIn(model.RoleEditor, "Eda")
	csrf := f.csrf(ed)
	ctx := t.Context()
	bad, err := f.st.AddSource(ctx, model.Source{FeedURL: "https://broken.example/feed", Name: "Broken Herald"})
	if err != nil {
		t.Fatal(err)
	}
	now := f.clock.Now()
	if err := f.st.RecordFetch(ctx, bad.ID, model.FetchState{LastFetchedAt: now, LastError: "fetch: https://broken.example/feed answered 500 Internal Server Error",
		ErrorCount: 4, FailingSince: now.Add(-3 * time.Hour), NextFetchAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	resp, body := f.get("/admin/sources", ed)
	wantStatus(t, resp, http.StatusOK)
	doc := parse(t, body)
	if got := doc.Find(".source h2").Length(); got != 2 {
		t.Fatalf("%d sources listed, want 2", got)
	}
	failing := doc.Find(".source-failing")
	if !strings.Contains(failing.Text(), "Broken Herald") || !strings.Contains(failing.Text(), "answered 500 Internal Server Error") ||
		!strings.Contains(failing.Text(), "failing since") {
		t.Errorf("failing source shown as %q", failing.Text())
	}
	_, body = f.get("/admin/sources?failing=1", ed)
	if got := parse(t, body).Find(".source h2").Text(); got != "Broken Herald" {
		t.Errorf("failing only lists %q", got)
	}

	// Bad input: every field's problem next to it, what was typed kept,
	// nothing stored.
	path := fmt.Sprintf("/admin/sources/%d", bad.ID)
	resp, body = f.post(path, ed, url.Values{"csrf": {csrf}, "name": {"Renamed"}, "interval": {"abc"}, "extract": {"sometimes"},
		"category": {strings.Repeat("c", 61)}})
	wantStatus(t, resp, http.StatusUnprocessableEntity)
	doc = parse(t, body)
	for _, id := range []string{"interval-error", "extract-error", "category-error"} {
		if doc.Find("#"+id).Length() != 1 {
			t.Errorf("no %s on the refused form", id)
		}
	}
	if v, _ := doc.Find("#name").Attr("value"); v != "Renamed" {
		t.Errorf("typed name lost: %q", v)
	}
	if got, _ := f.st.GetSource(ctx, bad.ID); got.Name != "Broken Herald" {
		t.Errorf("a refused form saved the name %q", got.Name)
	}
	resp, _ = f.post(path, ed, url.Values{"csrf": {csrf}, "name": {"Broken Herald"}, "interval": {"0"}, "extract": {"never"}})
	wantStatus(t, resp, http.StatusSeeOther)
	resp, _ = f.post(path, ed, url.Values{"csrf": {csrf}, "name": {"Herald"}, "category": {"Local"},
		"interval": {"30"}, "extract": {"always"}, "disabled": {"true"}})
	wantRedirect(t, resp, path+"?done=saved")
	got, err := f.st.GetSource(ctx, bad.ID)
	if err != nil || got.Name != "Herald" || got.Category != "Local" || got.Interval != 30*time.Minute ||
		got.Extract != model.ExtractAlways || !got.Disabled {
		t.Errorf("saved source = %+v, %v", got, err)
	}
	if a := f.auditActions("source."); len(a) < 2 || a[0] != "source.disable" || a[1] != "source.edit" {
		t.Errorf("audit = %q, want the edit then the disabling", a)
	}
	_, body = f.get(path, ed)
	if !strings.Contains(body, "disabled: not fetched") {
		t.Error("the source page does not say it is disabled")
	}

	// Removing asks first and says how many articles go with it.
	wire := f.article.SourceID
	wirePath := fmt.Sprintf("/admin/sources/%d/remove", wire)
	resp, body = f.get(wirePath, ed)
	wantStatus(t, resp, http.StatusOK)
	if !strings.Contains(body, "deletes the 1 article") {
		t.Errorf("confirmation does not count the articles: %s", parse(t, body).Find("main").Text())
	}
	resp, _ = f.post(wirePath, ed, url.Values{"csrf": {csrf}})
	wantStatus(t, resp, http.StatusSeeOther)
	if _, err := f.st.GetSource(ctx, wire); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removed source still there: %v", err)
	}
	if a := f.auditActions("source.remove"); len(a) != 1 {
		t.Errorf("remove audited %d times", len(a))
	}
	if resp, _ := f.get(fmt.Sprintf("/admin/sources/%d", wire), ed); resp.StatusCode != http.StatusNotFound {
		t.Errorf("removed source's page = %d, want 404", resp.StatusCode)
	}
}

func TestSources_PreviewThenAdd(t *testing.T) {
	site := feedSite(t)
	f := newSourcesFixture(t, true)
	ed, _ := f.signIn(model.RoleEditor, "Eda")
	csrf := f.csrf(ed)
	ctx := t.Context()
	// The first item is stored already (from another source).
	if _, err := f.st.SaveArticles(ctx, f.article.SourceID, []model.Article{{GUID: "x", URL: site.URL + "/bay-tides",
		Title: "Tides", PublishedAt: f.clock.Now()}}); err != nil {
		t.Fatal(err)
	}
	resp, body := f.post("/admin/sources/preview", ed, url.Values{"csrf": {csrf}, "url": {site.URL + "/"}})
	wantStatus(t, resp, http.StatusOK)
	doc := parse(t, body)
	if h := doc.Find("#preview-heading").Text(); h != "Bay Times" {
		t.Errorf("preview heading %q", h)
	}
	items := doc.Find(".preview-items li")
	if items.Length() != 2 {
		t.Fatalf("%d items previewed, want 2", items.Length())
	}
	first, second := items.Eq(0).Text(), items.Eq(1).Text()
	if !strings.Contains(first, "full text") || !strings.Contains(first, "photo") || !strings.Contains(first, "stored already") {
		t.Errorf("first item = %q", first)
	}
	if !strings.Contains(second, "summary only") || !strings.Contains(second, "no photo") || strings.Contains(second, "stored already") {
		t.Errorf("second item = %q", second)
	}
	if srcs, _ := f.st.ListSources(ctx); len(srcs) != 1 {
		t.Fatalf("the preview stored a source: %d sources", len(srcs))
	}
	feedURL, _ := doc.Find(`input[name="feed_url"]`).Attr("value")
	if feedURL != site.URL+"/feed.xml" {
		t.Fatalf("discovered feed %q", feedURL)
	}
	if v, _ := doc.Find("#name").Attr("value"); v != "Bay Times" {
		t.Errorf("name defaults to %q, want the feed's title", v)
	}
	form := url.Values{"csrf": {csrf}, "feed_url": {feedURL}, "site_url": {site.URL + "/"}, "name": {""},
		"category": {"Harbor"}, "interval": {"20"}, "extract": {"never"}}
	resp, body = f.post("/admin/sources", ed, form)
	wantStatus(t, resp, http.StatusUnprocessableEntity)
	if parse(t, body).Find("#name-error").Length() != 1 {
		t.Error("an empty name is not explained next to the field")
	}
	form.Set("name", "Bay Times")
	resp, _ = f.post("/admin/sources", ed, form)
	wantStatus(t, resp, http.StatusSeeOther)
	var id int64
	if _, err := fmt.Sscanf(resp.Header.Get("Location"), "/admin/sources/%d?done=added", &id); err != nil {
		t.Fatalf("added, sent to %q", resp.Header.Get("Location"))
	}
	src, err := f.st.GetSource(ctx, id)
	if err != nil || src.FeedURL != feedURL || src.Name != "Bay Times" || src.Category != "Harbor" ||
		src.Interval != 20*time.Minute || src.Extract != model.ExtractNever {
		t.Errorf("added source = %+v, %v", src, err)
	}
	if a := f.auditActions("source.add"); len(a) != 1 {
		t.Errorf("add audited %d times", len(a))
	}
	resp, body = f.post("/admin/sources", ed, form)
	wantStatus(t, resp, http.StatusConflict)
	if !strings.Contains(body, "is a source already") {
		t.Error("adding the same feed twice is not explained")
	}
	_, body = f.post("/admin/sources/preview", ed, url.Values{"csrf": {csrf}, "url": {feedURL}})
	if !strings.Contains(parse(t, body).Find("main").Text(), "This feed is a source already") {
		t.Error("previewing a subscribed feed does not say so")
	}
}

func TestSources_PreviewErrorsAreClear(t *testing.T) {
	site := feedSite(t)
	open := newSourcesFixture(t, true)
	guarded := newSourcesFixture(t, false)
	for _, tc := range []struct {
		f    *fixture
		url  string
		want string
	}{
		{open, "not a url", "starting with http:// or https://"},
		{open, "ftp://example.com/feed", "starting with http:// or https://"},
		{guarded, site.URL + "/feed.xml", "private or local network"},
		{open, site.URL + "/missing.xml", "404 Not Found"},
		{open, site.URL + "/nofeed", "announces no feed"},
		{open, site.URL + "/plain", "is not a feed"},
	} {
		ed, _ := tc.f.signIn(model.RoleEditor, "Eda")
		resp, body := tc.f.post("/admin/sources/preview", ed, url.Values{"csrf": {tc.f.csrf(ed)}, "url": {tc.url}})
		wantStatus(t, resp, http.StatusUnprocessableEntity)
		doc := parse(t, body)
		if msg := doc.Find("#url-error").Text(); !strings.Contains(msg, tc.want) {
			t.Errorf("preview %q: message %q, want it to say %q", tc.url, msg, tc.want)
		}
		if v, _ := doc.Find("#url").Attr("value"); v != tc.url {
			t.Errorf("preview %q: the address typed became %q", tc.url, v)
		}
	}
}

func TestSources_OPMLImportAndExport(t *testing.T) {
	site := feedSite(t)
	f := newSourcesFixture(t, true)
	ed, _ := f.signIn(model.RoleEditor, "Eda")
	csrf := f.csrf(ed)
	ctx := t.Context()
	if _, err := f.st.AddSource(ctx, model.Source{FeedURL: site.URL + "/feed.xml", Name: "Bay Times"}); err != nil {
		t.Fatal(err)
	}
	list := `<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>
<outline text="Harbor"><outline text="Notes" type="rss" xmlUrl="` + site.URL + `/other.xml"/>
<outline text="Bay" type="rss" xmlUrl="` + site.URL + `/feed.xml"/></outline>
<outline text="Gone" type="rss" xmlUrl="` + site.URL + `/gone.xml"/></body></opml>`
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", csrf)
	fw, _ := mw.CreateFormFile("opml", "subscriptions.opml")
	fw.Write([]byte(list))
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/admin/sources/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, body := f.do(req, ed)
	wantStatus(t, resp, http.StatusOK)
	doc := parse(t, body)
	if got := doc.Find(".notice").Text(); got != "1 feed added, 1 already present, 1 refused." {
		t.Errorf("import report %q", got)
	}
	if !strings.Contains(doc.Find(".field-error").Text(), "404 Not Found") {
		t.Errorf("the refused feed's reason is %q", doc.Find(".field-error").Text())
	}
	srcs, _ := f.st.ListSources(ctx)
	var notes model.Source
	for _, s := range srcs {
		if s.FeedURL == site.URL+"/other.xml" {
			notes = s
		}
	}
	if notes.ID == 0 || notes.Name != "Notes" || notes.Category != "Harbor" {
		t.Errorf("imported source = %+v", notes)
	}
	if a := f.auditActions("source.import"); len(a) != 1 {
		t.Errorf("import audited %d times", len(a))
	}
	// Pasted rather than uploaded; nothing new to add.
	resp, body = f.post("/admin/sources/import", ed, url.Values{"csrf": {csrf}, "opml_text": {list}})
	wantStatus(t, resp, http.StatusOK)
	if got := parse(t, body).Find(".notice").Text(); got != "0 feeds added, 2 already present, 1 refused." {
		t.Errorf("second import report %q", got)
	}
	for _, bad := range []string{"", "<html>not opml</html>"} {
		resp, body = f.post("/admin/sources/import", ed, url.Values{"csrf": {csrf}, "opml_text": {bad}})
		wantStatus(t, resp, http.StatusUnprocessableEntity)
		if parse(t, body).Find(".error").Length() == 0 {
			t.Errorf("import of %q has no error message", bad)
		}
	}

	// Export: a download that reads back as every source.
	resp, body = f.get("/admin/sources/export.opml", ed)
	wantStatus(t, resp, http.StatusOK)
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
		t.Errorf("Content-Disposition %q", cd)
	}
	outlines, err := opml.Read(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, o := range outlines {
		got[o.FeedURL] = o.Title + "|" + o.Category
	}
	want := map[string]string{"https://wire.example/feed.xml": "Wire|", site.URL + "/feed.xml": "Bay Times|",
		site.URL + "/other.xml": "Notes|Harbor"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("exported %v, want %v", got, want)
	}
}

func TestSourcesAndCuration_EditorsOnly(t *testing.T) {
	f := newFixture(t)
	for _, role := range []model.Role{model.RoleAuthor, model.RoleModerator} {
		c, _ := f.signIn(role, string(role))
		csrf := f.csrf(c)
		for _, p := range []string{"/admin/sources", "/admin/sources/new", "/admin/sources/export.opml",
			fmt.Sprintf("/admin/sources/%d", f.article.SourceID), fmt.Sprintf("/admin/sources/%d/remove", f.article.SourceID),
			"/admin/curation", "/admin/curation?tab=hidden"} {
			if resp, _ := f.get(p, c); resp.StatusCode != http.StatusForbidden {
				t.Errorf("GET %s as %s = %d, want 403", p, role, resp.StatusCode)
			}
		}
		for _, p := range []string{"/admin/sources", "/admin/sources/preview", "/admin/sources/import",
			fmt.Sprintf("/admin/sources/%d", f.article.SourceID), fmt.Sprintf("/admin/sources/%d/remove", f.article.SourceID),
			fmt.Sprintf("/admin/curation/articles/%d/hide", f.article.ID), fmt.Sprintf("/admin/curation/articles/%d/category", f.article.ID),
			"/admin/curation/stories/1/pin"} {
			if resp, _ := f.post(p, c, url.Values{"csrf": {csrf}, "new_category": {"X"}}); resp.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s as %s = %d, want 403", p, role, resp.StatusCode)
			}
		}
	}
	if a, _ := f.st.GetArticle(t.Context(), f.article.ID); a.Hidden || a.Category != "" {
		t.Error("a refused request changed the article")
	}
	if _, err := f.st.GetSource(t.Context(), f.article.SourceID); err != nil {
		t.Errorf("a refused request removed the source: %v", err)
	}
}
