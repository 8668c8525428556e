package admin

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/desk"
	"github.com/newsdesk/newsdesk/internal/model"
)

// The article form's rules live in internal/desk (desk.Check,
// desk.Apply), which the JSON API's writes follow too; this file reads
// the posted form into them and words the outcome for the page.

// deskForm is the article form as typed (desk.Form).
type deskForm = desk.Form

// deskInput is a checked form (desk.Input).
type deskInput = desk.Input

// fieldErrors are the form's problems by field name.
type fieldErrors = desk.FieldErrors

// The buttons of the article form, by the value they send as "action".
const (
	actSave      = desk.ActSave
	actSchedule  = desk.ActSchedule
	actPublish   = desk.ActPublish
	actUnpublish = desk.ActUnpublish
	actUnsched   = desk.ActUnsched
	actPreview   = desk.ActPreview
)

// parseLocalTime reads a datetime-local value in loc (desk.ParseLocalTime).
func parseLocalTime(v string, loc *time.Location) (time.Time, error) {
	return desk.ParseLocalTime(v, loc)
}

// mediaAddress reports whether raw is a photo address the desk may show.
func mediaAddress(raw string) bool { return desk.MediaAddress(raw) }

// readDeskForm reads the posted article form.
func readDeskForm(r *http.Request) deskForm {
	v := r.PostForm
	return deskForm{
		Title: strings.TrimSpace(v.Get("title")), Slug: strings.TrimSpace(v.Get("slug")),
		Excerpt: strings.TrimSpace(v.Get("excerpt")), Body: strings.ReplaceAll(v.Get("body"), "\r\n", "\n"),
		Category: strings.TrimSpace(v.Get("category")), Tags: v.Get("tags"), Byline: strings.TrimSpace(v.Get("byline")),
		ImageID: strings.TrimSpace(v.Get("image_id")), ImageURL: strings.TrimSpace(v.Get("image_url")),
		ImageCaption: strings.TrimSpace(v.Get("image_caption")), ImageCredit: strings.TrimSpace(v.Get("image_credit")),
		RemoveImage: v.Get("remove_image") != "",
		Credit:      strings.TrimSpace(v.Get("credit")), CreditURL: strings.TrimSpace(v.Get("credit_url")),
		BasedOn: strings.TrimSpace(v.Get("based_on")), PublishAt: strings.TrimSpace(v.Get("publish_at")),
		Version: v.Get("version"), Action: v.Get("action"),
	}
}

// deskFormOf fills the form from a stored article, its time in loc.
func deskFormOf(d model.DeskArticle, loc *time.Location) deskForm { return desk.FormOf(d, loc) }

// deskEnv is what the desk's rules need of the site: the time, its zone
// and its address.
func (s *server) deskEnv() desk.Env {
	return desk.Env{Now: s.now(), Loc: s.siteNow().Location, Base: s.baseURL()}
}

// checkDeskForm checks the typed fields (desk.Check). The image and
// based-on fields are checked against the store by the caller.
func (s *server) checkDeskForm(f deskForm) deskInput { return desk.Check(f, s.deskEnv()) }

// baseURL is the site's address, which relative links in articles are
// resolved against; nil when it is not set.
func (s *server) baseURL() *url.URL {
	u, err := url.Parse(s.siteNow().BaseURL)
	if err != nil || !u.IsAbs() {
		return nil
	}
	return u
}

// applyAction sets the status and publication time the pressed button
// asks of d (desk.Apply).
func (s *server) applyAction(d *model.DeskArticle, in *deskInput, action string) {
	desk.Apply(d, in, action, s.deskEnv())
}

// actionWords are the notices shown after a button did its work.
var actionWords = map[string]struct{ notice string }{
	actSave:      {"Saved."},
	actSchedule:  {"Scheduled."},
	actPublish:   {"Published."},
	actUnpublish: {"Unpublished: readers no longer see it; its address and comments are kept."},
	actUnsched:   {"No longer scheduled."},
}
