package browser_test

import (
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/newsdesk/newsdesk/internal/admin"
	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/desk"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/web"
)

// deskSite is the test site with the newsroom's admin area mounted, an
// editor's account and the scheduled-publication worker, all on the
// site's settable clock.
type deskSite struct {
	*testSite
	publisher *desk.Publisher
	email     string
	password  string
}

func newDeskSite(t *testing.T) *deskSite {
	t.Helper()
	d := &deskSite{email: "editor@harbor.example", password: "tide tables at dawn"}
	d.testSite = newTestSite(t, func(o *web.Options) {
		st := o.Store.(store.Store)
		mgr, err := auth.NewManager(st, auth.Options{Now: o.Now, TestHashing: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := mgr.CreateUser(t.Context(), d.email, "Rosa Editor", model.RoleEditor, d.password); err != nil {
			t.Fatal(err)
		}
		d.publisher = desk.NewPublisher(st, desk.PublisherOptions{Now: o.Now})
		loc := o.Site.Location
		adm, err := admin.New(admin.Options{
			Store: st, Auth: mgr, Site: o.Site, Now: o.Now,
			ArticlePath: func(a model.Article) string { return web.Permalink(a, loc) },
			Scheduled:   d.publisher.Kick,
		})
		if err != nil {
			t.Fatal(err)
		}
		o.Admin = adm
	})
	go d.publisher.Run(t.Context())
	return d
}

// writeTestPhoto writes a 1200×800 JPEG the test uploads as a lead photo.
func writeTestPhoto(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 1200, 800))
	for y := range 800 {
		for x := range 1200 {
			img.Set(x, y, color.RGBA{uint8(x / 5), uint8(y / 4), 160, 255})
		}
	}
	path := filepath.Join(t.TempDir(), "harbor-at-dawn.jpg")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := jpeg.Encode(f, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestDesk_WriteScheduleAndPublish is the newsroom's day in a real
// browser: an editor signs in, writes an article with a lead photo, its
// caption and credit and a source credit line, schedules it, and at its
// time (the site's clock moved on) the article is on the home page and its
// page shows every credit; then the editor signs out, and the admin area
// is closed to the browser.
func TestDesk_WriteScheduleAndPublish(t *testing.T) {
	browser := startBrowser(t)
	s := newDeskSite(t)
	tab := openTab(t, browser)
	console := watchConsole(t, tab)
	const (
		title    = "Night ferry returns to the harbor timetable"
		caption  = "The night ferry leaving the east pier"
		photoBy  = "Ana Reyes"
		creditTo = "Harbor Wire Agency"
		creditAt = "https://harbor-wire.example.com/ferry-returns"
	)

	// Sign in.
	do(t, tab,
		chromedp.Navigate(s.url+"/admin/login"),
		chromedp.SendKeys(chromedp.ID("email"), s.email),
		chromedp.SendKeys(chromedp.ID("password"), s.password),
	)
	submitAndWait(t, tab, "/admin/", `document.getElementById("password").form.requestSubmit()`)
	if !eval[bool](t, tab, `!!document.querySelector('form[action="/admin/logout"]')`) {
		t.Fatalf("not signed in: %s", eval[string](t, tab, `document.body.innerText`))
	}

	// Write the article, schedule it ten minutes from now in the site's zone.
	at := s.clock.now().Add(10 * time.Minute).In(s.zone).Truncate(time.Minute)
	do(t, tab,
		chromedp.Navigate(s.url+"/admin/articles/new"),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.SendKeys(chromedp.ID("excerpt"), "The overnight crossing is back from Monday."),
		chromedp.SendKeys(chromedp.ID("body"), "The **night ferry** runs again from Monday.\n\nTickets are on sale at the pier."),
		chromedp.SendKeys(chromedp.ID("category"), "Local"),
		chromedp.SendKeys(chromedp.ID("byline"), "Rosa Editor"),
		chromedp.SetUploadFiles(chromedp.ID("image"), []string{writeTestPhoto(t)}),
		chromedp.SendKeys(chromedp.ID("image_caption"), caption),
		chromedp.SendKeys(chromedp.ID("image_credit"), photoBy),
		chromedp.SendKeys(chromedp.ID("credit"), creditTo),
		chromedp.SendKeys(chromedp.ID("credit_url"), creditAt),
	)
	eval[chromedp.Void](t, tab, `document.getElementById("publish_at").value = `+jsString(at.Format("2006-01-02T15:04")))
	submitAndWait(t, tab, "/admin/articles", `document.querySelector('button[name="action"][value="schedule"]').click()`)
	if page := eval[string](t, tab, `document.body.innerText`); !strings.Contains(page, "Scheduled") {
		t.Fatalf("after scheduling the desk says:\n%s", page)
	}
	if errs := eval[string](t, tab, `Array.from(document.querySelectorAll("[aria-invalid=true]")).map(e => e.id).join(",")`); errs != "" {
		t.Fatalf("the form refused fields: %s", errs)
	}

	// Before its time the article is nowhere on the site.
	do(t, tab, chromedp.Navigate(s.url+"/"))
	if eval[bool](t, tab, `document.body.innerText.includes(`+jsString(title)+`)`) {
		t.Fatal("the scheduled article is on the home page before its time")
	}

	// Its time comes: the publisher, woken, publishes it.
	s.clock.advance(11 * time.Minute)
	s.publisher.Kick()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(s.get(t, "/"), title) {
		if time.Now().After(deadline) {
			t.Fatal("the article did not reach the home page after its time")
		}
		time.Sleep(100 * time.Millisecond)
	}
	do(t, tab, chromedp.Navigate(s.url+"/"))
	submitAndWait(t, tab, "night-ferry-returns", `document.querySelector('a[href*="night-ferry-returns"]').click()`)
	if h1 := eval[string](t, tab, `document.querySelector("h1").innerText`); !strings.Contains(h1, title) {
		t.Fatalf("the article page's headline is %q", h1)
	}

	type credits struct {
		PhotoLoaded bool   `json:"photoLoaded"`
		Figure      string `json:"figure"`
		CreditText  string `json:"creditText"`
		CreditHref  string `json:"creditHref"`
	}
	got := eval[credits](t, tab, `(function () {
  var fig = document.querySelector("article figure, figure");
  var img = fig && fig.querySelector("img");
  var link = Array.from(document.querySelectorAll("a")).find(a => a.innerText.includes(`+jsString(creditTo)+`));
  return {
    photoLoaded: !!img && img.complete && img.naturalWidth > 0,
    figure: fig ? fig.innerText : "",
    creditText: link ? link.closest("p, div, span").innerText : "",
    creditHref: link ? link.getAttribute("href") : ""
  };
})()`)
	if !got.PhotoLoaded {
		t.Error("the lead photo did not load on the article page")
	}
	if !strings.Contains(got.Figure, caption) || !strings.Contains(got.Figure, photoBy) {
		t.Errorf("the photo's figure says %q, want the caption %q and the photographer %q", got.Figure, caption, photoBy)
	}
	if !strings.Contains(got.CreditText, "Credit") || got.CreditHref != creditAt {
		t.Errorf("source credit %q linking to %q, want \"Credit: %s\" linking to %s", got.CreditText, got.CreditHref, creditTo, creditAt)
	}

	// Sign out: the admin area sends the browser to the sign-in page.
	do(t, tab, chromedp.Navigate(s.url+"/admin/"))
	submitAndWait(t, tab, "/admin/login", `document.querySelector('form[action="/admin/logout"] button').click()`)
	do(t, tab, chromedp.Navigate(s.url+"/admin/articles"))
	if path := eval[string](t, tab, `location.pathname`); path != "/admin/login" {
		t.Errorf("after signing out /admin/articles shows %s, want the sign-in page", path)
	}
	if errs := console.errors(); len(errs) > 0 {
		t.Errorf("the browser reported errors: %v", errs)
	}
}
