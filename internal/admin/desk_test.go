package admin_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/admin"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// postDesk sends a form as the article form does
// (multipart/form-data).
func (f *fixture) postDesk(path string, c *http.Cookie, form url.Values, photo ...[]byte) (*http.Response, string) {
	f.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, p := range photo {
		w, err := mw.CreateFormFile("image", "harbor.jpg")
		if err != nil {
			f.t.Fatal(err)
		}
		w.Write(p)
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, f.srv.URL+path, &buf)
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return f.do(req, c)
}

// articleForm is a filled-in article form.
func articleForm(csrf, action string) url.Values {
	return url.Values{
		"csrf": {csrf}, "action": {action}, "title": {"Quay wall rebuilt"},
		"body":     {"Engineers **rebuilt** the quay wall.\n\n<script>alert(1)</script>"},
		"category": {"Coastal Affairs"}, "tags": {"storms, harbor"}, "byline": {"Ana Reyes"},
		"image_caption": {"The wall at dawn."}, "image_credit": {"Jo Lens"},
		"credit": {"Wire Agency"}, "credit_url": {"https://wire.example/quay"},
	}
}

func (f *fixture) deskArticle(id int64) model.DeskArticle {
	f.t.Helper()
	d, err := f.st.GetDeskArticle(f.t.Context(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

// createArticle saves a draft through the form and returns its ID.
func (f *fixture) createArticle(c *http.Cookie, csrf string) int64 {
	f.t.Helper()
	resp, _ := f.postDesk("/admin/articles", c, articleForm(csrf, "save"))
	if resp.StatusCode != http.StatusSeeOther {
		f.t.Fatalf("create: status %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(loc, "/admin/articles/"), "/edit?done=save"), 10, 64)
	if err != nil {
		f.t.Fatalf("create redirected to %q", loc)
	}
	return id
}

func TestDesk_AuthorPreviewsSchedulesAndPublishes(t *testing.T) {
	testAuthorFlow(t, newFixture(t))
}

func TestDesk_AuthorPreviewsSchedulesAndPublishesOnPostgres(t *testing.T) {
	testAuthorFlow(t, newFixture(t, fixtureOptions{store: storetest.NewPostgres(t)}))
}

func testAuthorFlow(t *testing.T, f *fixture) {
	c, author := f.signIn(model.RoleAuthor, "Ana Reyes")
	csrf := f.csrf(c)

	resp, body := f.get("/admin/articles/new", c)
	wantStatus(t, resp, http.StatusOK)
	if v, _ := parse(t, body).Find(`input[name="byline"]`).Attr("value"); v != "Ana Reyes" {
		t.Errorf("the byline starts as %q, want the author's name", v)
	}
	// Preview without JavaScript: the form comes back with the text
	// rendered, nothing stored.
	resp, body = f.postDesk("/admin/articles", c, articleForm(csrf, "preview"))
	wantStatus(t, resp, http.StatusOK)
	doc := parse(t, body)
	if got, _ := doc.Find("#preview").Html(); !strings.Contains(got, "<strong>rebuilt</strong>") || strings.Contains(got, "<script") {
		t.Fatalf("preview = %q", got)
	}
	if doc.Find("#body").Text() != articleForm("", "")["body"][0] {
		t.Fatalf("the preview lost the text: %q", doc.Find("#body").Text())
	}
	if n, _ := f.st.CountDeskArticles(t.Context(), 0); n[model.DeskDraft] != 0 {
		t.Fatal("previewing stored an article")
	}

	id := f.createArticle(c, csrf)
	d := f.deskArticle(id)
	if d.Status != model.DeskDraft || d.AuthorID != author.ID || d.Slug != "quay-wall-rebuilt" || d.Credit != "Wire Agency" ||
		!strings.Contains(d.BodyHTML, "<strong>rebuilt</strong>") || strings.Contains(d.BodyHTML, "script") {
		t.Fatalf("stored draft %+v", d)
	}
	resp, body = f.get("/admin/articles/"+strconv.FormatInt(id, 10)+"/edit?done=save", c)
	wantStatus(t, resp, http.StatusOK)
	if !strings.Contains(body, "Saved.") {
		t.Error("no notice after saving")
	}

	// Schedule for an hour from now, in the site's zone (UTC here).
	form := articleForm(csrf, "schedule")
	form.Set("version", strconv.Itoa(d.Version))
	at := f.clock.Now().Add(time.Hour).Truncate(time.Minute)
	form.Set("publish_at", at.Format("2006-01-02T15:04"))
	resp, _ = f.postDesk("/admin/articles/"+strconv.FormatInt(id, 10), c, form)
	wantRedirect(t, resp, "/admin/articles/"+strconv.FormatInt(id, 10)+"/edit?done=schedule")
	d = f.deskArticle(id)
	if d.Status != model.DeskScheduled || !d.PublishAt.Equal(at) || d.ArticleID != 0 {
		t.Fatalf("scheduled %+v", d)
	}

	form = articleForm(csrf, "publish")
	form.Set("version", strconv.Itoa(d.Version))
	resp, _ = f.postDesk("/admin/articles/"+strconv.FormatInt(id, 10), c, form)
	wantRedirect(t, resp, "/admin/articles/"+strconv.FormatInt(id, 10)+"/edit?done=publish")
	a, err := f.st.GetArticleBySlug(t.Context(), "quay-wall-rebuilt")
	if err != nil || a.Kind != model.KindOriginal || a.Credit != "Wire Agency" || a.ImageCredit != "Jo Lens" {
		t.Fatalf("public article = %+v, %v", a, err)
	}
	log, _, err := f.st.ListAudit(t.Context(), store.AuditFilter{TargetType: "desk_article", TargetID: id})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, " ") != "article.publish article.schedule article.create" {
		t.Fatalf("audit = %v", actions)
	}
	resp, body = f.get("/admin/articles", c)
	wantStatus(t, resp, http.StatusOK)
	if !strings.Contains(body, "Quay wall rebuilt") || !strings.Contains(body, "Published") {
		t.Error("the list does not show the published article")
	}
}

func TestDesk_AuthorsEditTheirOwnEditorsAll(t *testing.T) {
	f := newFixture(t)
	c1, _ := f.signIn(model.RoleAuthor, "One")
	id := f.createArticle(c1, f.csrf(c1))
	path := "/admin/articles/" + strconv.FormatInt(id, 10)

	c2, _ := f.signIn(model.RoleAuthor, "Two")
	csrf2 := f.csrf(c2)
	resp, _ := f.get(path+"/edit", c2)
	wantStatus(t, resp, http.StatusForbidden)
	form := articleForm(csrf2, "save")
	form.Set("title", "Hijacked")
	form.Set("version", "1")
	resp, _ = f.postDesk(path, c2, form)
	wantStatus(t, resp, http.StatusForbidden)
	resp, _ = f.get(path+"/revisions", c2)
	wantStatus(t, resp, http.StatusForbidden)
	if _, body := f.get("/admin/articles", c2); strings.Contains(body, "Quay wall rebuilt") {
		t.Error("another author's article is listed")
	}
	if d := f.deskArticle(id); d.Title != "Quay wall rebuilt" {
		t.Fatalf("another author changed it: %q", d.Title)
	}

	ce, _ := f.signIn(model.RoleEditor, "Ed")
	resp, _ = f.get(path+"/edit", ce)
	wantStatus(t, resp, http.StatusOK)
	form = articleForm(f.csrf(ce), "save")
	form.Set("title", "Quay wall rebuilt in granite")
	form.Set("version", "1")
	resp, _ = f.postDesk(path, ce, form)
	wantStatus(t, resp, http.StatusSeeOther)
	if d := f.deskArticle(id); d.Title != "Quay wall rebuilt in granite" {
		t.Fatalf("the editor's save was lost: %q", d.Title)
	}
	cm, _ := f.signIn(model.RoleModerator, "Mo")
	resp, _ = f.get("/admin/articles", cm)
	wantStatus(t, resp, http.StatusForbidden)
}

func TestDesk_RevisionDiffAndRestore(t *testing.T) {
	f := newFixture(t)
	c, _ := f.signIn(model.RoleAuthor, "Ana")
	csrf := f.csrf(c)
	id := f.createArticle(c, csrf)
	path := "/admin/articles/" + strconv.FormatInt(id, 10)
	form := articleForm(csrf, "save")
	form.Set("title", "Quay wall rebuilt in granite")
	form.Set("body", "Engineers **rebuilt** the quay wall.\n\nThey used granite.")
	form.Set("version", "1")
	resp, _ := f.postDesk(path, c, form)
	wantStatus(t, resp, http.StatusSeeOther)

	revs, err := f.st.ListDeskRevisions(t.Context(), id)
	if err != nil || len(revs) != 2 {
		t.Fatalf("revisions = %v, %v", revs, err)
	}
	first := revs[1]
	resp, body := f.get(path+"/revisions", c)
	wantStatus(t, resp, http.StatusOK)
	if n := parse(t, body).Find("tbody tr").Length(); n != 2 {
		t.Fatalf("history lists %d revisions, want 2", n)
	}
	resp, body = f.get(path+"/revisions/"+strconv.FormatInt(first.ID, 10), c)
	wantStatus(t, resp, http.StatusOK)
	doc := parse(t, body)
	if !strings.Contains(doc.Find(".desk-diff ins").Text(), "granite") {
		t.Errorf("the diff does not mark the insertions: %q", doc.Find(".desk-diff").Text())
	}
	if !strings.Contains(doc.Find(".desk-diff del").Text(), "<script>") {
		t.Errorf("the diff does not mark the deleted line (escaped): %q", doc.Find(".desk-diff del").Text())
	}
	resp, _ = f.post(path+"/revisions/"+strconv.FormatInt(first.ID, 10)+"/restore", c, url.Values{"csrf": {csrf}, "version": {"2"}})
	wantRedirect(t, resp, path+"/edit?done=restored")
	d := f.deskArticle(id)
	if d.Title != "Quay wall rebuilt" || d.Version != 3 {
		t.Fatalf("restored %+v", d)
	}
	revs, _ = f.st.ListDeskRevisions(t.Context(), id)
	if len(revs) != 3 || revs[0].Note != "restored revision "+strconv.FormatInt(first.ID, 10) {
		t.Fatalf("after restore: %+v", revs)
	}
	// A restore from a page opened before that is refused.
	resp, _ = f.post(path+"/revisions/"+strconv.FormatInt(first.ID, 10)+"/restore", c, url.Values{"csrf": {csrf}, "version": {"2"}})
	wantStatus(t, resp, http.StatusConflict)
}

func TestDesk_StaleSaveShowsBothVersions(t *testing.T) {
	f := newFixture(t)
	c, _ := f.signIn(model.RoleEditor, "Ed")
	csrf := f.csrf(c)
	id := f.createArticle(c, csrf)
	path := "/admin/articles/" + strconv.FormatInt(id, 10)
	theirs := articleForm(csrf, "save")
	theirs.Set("title", "Their headline")
	theirs.Set("version", "1")
	resp, _ := f.postDesk(path, c, theirs)
	wantStatus(t, resp, http.StatusSeeOther)

	mine := articleForm(csrf, "save")
	mine.Set("title", "My headline")
	mine.Set("body", "My own text.")
	mine.Set("version", "1")
	resp, body := f.postDesk(path, c, mine)
	wantStatus(t, resp, http.StatusConflict)
	doc := parse(t, body)
	if !strings.Contains(doc.Find(".desk-conflict h2").Text(), "Ed changed this article") {
		t.Errorf("conflict heading = %q", doc.Find(".desk-conflict h2").Text())
	}
	if !strings.Contains(doc.Find(".desk-conflict del").Text(), "Their") || !strings.Contains(doc.Find(".desk-conflict ins").Text(), "My") {
		t.Errorf("their version is not shown against mine: %q", doc.Find(".desk-conflict").Text())
	}
	if v, _ := doc.Find("#title").Attr("value"); v != "My headline" || doc.Find("#body").Text() != "My own text." {
		t.Errorf("my version was not kept: %q", v)
	}
	if v, _ := doc.Find(`input[name="version"]`).Attr("value"); v != "2" {
		t.Errorf("version field = %q, want 2 so saving again overwrites deliberately", v)
	}
	if d := f.deskArticle(id); d.Title != "Their headline" {
		t.Fatalf("the stale save overwrote: %q", d.Title)
	}
}

func TestDesk_BadInputKeepsTheFormAndSaysWhy(t *testing.T) {
	f := newFixture(t)
	c, _ := f.signIn(model.RoleAuthor, "Ana")
	csrf := f.csrf(c)
	past := f.clock.Now().Add(-time.Hour).Format("2006-01-02T15:04")
	for _, tc := range []struct {
		name, field, value, action, errField string
	}{
		{"empty title", "title", "", "save", "title"},
		{"bad slug", "slug", "Not A Slug!", "save", "slug"},
		{"bad date", "publish_at", "next tuesday", "schedule", "publish_at"},
		{"past date", "publish_at", past, "schedule", "publish_at"},
		{"no date", "publish_at", "", "schedule", "publish_at"},
		{"category characters", "category", "News<script>", "save", "category"},
		{"credit link", "credit_url", "javascript:alert(1)", "save", "credit_url"},
		{"huge body", "body", strings.Repeat("word ", 2<<20), "save", "body"},
		{"unknown photo", "image_id", "999", "save", "image_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := articleForm(csrf, tc.action)
			form.Set(tc.field, tc.value)
			resp, body := f.postDesk("/admin/articles", c, form)
			wantStatus(t, resp, http.StatusUnprocessableEntity)
			doc := parse(t, body)
			if msg := doc.Find("#" + tc.errField + "-error").Text(); msg == "" {
				t.Fatalf("no message next to %s", tc.errField)
			}
			if v, _ := doc.Find("#byline").Attr("value"); v != "Ana Reyes" {
				t.Errorf("the byline typed was lost: %q", v)
			}
			if tc.field != "body" && doc.Find("#body").Text() != form.Get("body") {
				t.Errorf("the text typed was lost")
			}
		})
	}
	if n, _ := f.st.CountDeskArticles(t.Context(), 0); len(n) != 0 {
		t.Fatalf("refused forms stored articles: %v", n)
	}
	// A slug another article has.
	form := articleForm(csrf, "save")
	form.Set("slug", f.article.Slug)
	resp, body := f.postDesk("/admin/articles", c, form)
	wantStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(parse(t, body).Find("#slug-error").Text(), "Another article") {
		t.Error("no slug clash message")
	}
	// Without the form token.
	form = articleForm("", "save")
	form.Del("csrf")
	resp, _ = f.postDesk("/admin/articles", c, form)
	wantStatus(t, resp, http.StatusForbidden)
}

func TestDesk_StartFromAnAggregatedArticle(t *testing.T) {
	f := newFixture(t)
	c, _ := f.signIn(model.RoleAuthor, "Ana")
	resp, body := f.get("/admin/articles/new?from="+strconv.FormatInt(f.article.ID, 10), c)
	wantStatus(t, resp, http.StatusOK)
	doc := parse(t, body)
	for sel, want := range map[string]string{
		"#title": "Harbor reopens after the storm", "#credit": "Wire", "#credit_url": "https://wire.example/harbor",
		`input[name="based_on"]`: strconv.FormatInt(f.article.ID, 10),
	} {
		if v, _ := doc.Find(sel).Attr("value"); v != want {
			t.Errorf("%s = %q, want %q", sel, v, want)
		}
	}
	if got := doc.Find("#body").Text(); !strings.Contains(got, "> The harbor reopened.") {
		t.Errorf("the text does not start from the original: %q", got)
	}
	// An original with a photo: the photo and its credit come along,
	// linked (the admin area shows no other site's images).
	res, err := f.st.SaveArticles(t.Context(), f.article.SourceID, []model.Article{{GUID: "a2", URL: "https://wire.example/pier",
		Title: "Pier closed", ContentText: "The pier closed.", ImageURL: "https://wire.example/pier.jpg", ImageCredit: "Jo Lens",
		PublishedAt: f.clock.Now()}})
	if err != nil {
		t.Fatal(err)
	}
	_, body = f.get("/admin/articles/new?from="+strconv.FormatInt(res.IDs[0], 10), c)
	doc = parse(t, body)
	if v, _ := doc.Find(`input[name="image_url"]`).Attr("value"); v != "https://wire.example/pier.jpg" {
		t.Errorf("image_url = %q", v)
	}
	if v, _ := doc.Find("#image_credit").Attr("value"); v != "Jo Lens" {
		t.Errorf("image credit = %q", v)
	}
	if href, _ := doc.Find(".desk-photo a").Attr("href"); href != "https://wire.example/pier.jpg" || doc.Find(".desk-photo img").Length() != 0 {
		t.Errorf("the reused photo is not linked: %q", href)
	}
	resp, _ = f.get("/admin/articles/new?from=99999", c)
	wantStatus(t, resp, http.StatusNotFound)
	resp, _ = f.get("/admin/articles/new?from=abc", c)
	wantStatus(t, resp, http.StatusBadRequest)
}

func TestDesk_LivePreviewRendersSafely(t *testing.T) {
	f := newFixture(t)
	c, _ := f.signIn(model.RoleAuthor, "Ana")
	resp, body := f.postDesk("/admin/articles/preview", c, url.Values{"csrf": {f.csrf(c)},
		"body": {"## Hi\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>"}})
	wantStatus(t, resp, http.StatusOK)
	var out struct {
		HTML  string `json:"html"`
		Words int    `json:"words"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.HTML, "<h2>Hi</h2>") || strings.Contains(out.HTML, "javascript") || strings.Contains(out.HTML, "onerror") {
		t.Fatalf("preview = %q", out.HTML)
	}
}

func TestDesk_ScheduleInTheSitesTimeZone(t *testing.T) {
	zone, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	kicks := 0
	f := newFixture(t, fixtureOptions{change: func(o *admin.Options) {
		o.Site.Location = zone
		o.Scheduled = func() { kicks++ }
	}})
	c, _ := f.signIn(model.RoleAuthor, "Ana")
	csrf := f.csrf(c)
	local := f.clock.Now().In(zone).Add(48 * time.Hour).Truncate(time.Minute)
	form := articleForm(csrf, "schedule")
	form.Set("publish_at", local.Format("2006-01-02T15:04"))
	resp, _ := f.postDesk("/admin/articles", c, form)
	wantStatus(t, resp, http.StatusSeeOther)
	list, _, err := f.st.ListDeskArticles(t.Context(), store.DeskFilter{Status: model.DeskScheduled})
	if err != nil || len(list) != 1 {
		t.Fatalf("scheduled = %v, %v", list, err)
	}
	if !list[0].PublishAt.Equal(local) {
		t.Fatalf("stored time %v, want %v (the typed time in New York)", list[0].PublishAt, local.UTC())
	}
	if kicks != 1 {
		t.Errorf("the publisher was kicked %d times, want 1", kicks)
	}
	_, body := f.get("/admin/articles/"+strconv.FormatInt(list[0].ID, 10)+"/edit", c)
	if v, _ := parse(t, body).Find("#publish_at").Attr("value"); v != local.Format("2006-01-02T15:04") {
		t.Errorf("the form shows %q, want the time as typed in the site's zone", v)
	}
}

// jpegPhoto encodes a w×h photo.
func jpegPhoto(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDesk_UploadsTheLeadPhoto(t *testing.T) {
	f := newFixture(t)
	c, _ := f.signIn(model.RoleAuthor, "Ana")
	csrf := f.csrf(c)
	resp, _ := f.postDesk("/admin/articles", c, articleForm(csrf, "save"), jpegPhoto(t, 900, 600))
	wantStatus(t, resp, http.StatusSeeOther)
	list, _, err := f.st.ListDeskArticles(t.Context(), store.DeskFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("articles = %v, %v", list, err)
	}
	d := list[0]
	if d.ImageID == 0 || !strings.HasPrefix(d.ImageURL, "/media/"+strconv.FormatInt(d.ImageID, 10)+"/") {
		t.Fatalf("photo %d at %q", d.ImageID, d.ImageURL)
	}
	_, body := f.get("/admin/articles/"+strconv.FormatInt(d.ID, 10)+"/edit", c)
	if src, _ := parse(t, body).Find(".desk-photo img").Attr("src"); src != d.ImageURL {
		t.Errorf("the form shows photo %q, want %q", src, d.ImageURL)
	}

	// A file that is no photo: refused next to the field, the rest kept.
	form := articleForm(csrf, "save")
	form.Set("title", "Second article")
	resp, body = f.postDesk("/admin/articles", c, form, []byte("%PDF-1.4 not a photo"))
	wantStatus(t, resp, http.StatusUnprocessableEntity)
	doc := parse(t, body)
	if doc.Find("#image-error").Text() == "" {
		t.Error("no message next to the photo field")
	}
	if v, _ := doc.Find("#title").Attr("value"); v != "Second article" {
		t.Errorf("the headline typed was lost: %q", v)
	}
}
