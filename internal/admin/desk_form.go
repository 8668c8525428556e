package admin

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/desk"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// deskForm is the article form as typed: every value as text, so a
// refused form comes back exactly as it was sent.
type deskForm struct {
	Title, Slug, Excerpt, Body, Category, Tags, Byline string
	ImageID, ImageURL, ImageCaption, ImageCredit       string
	RemoveImage                                        bool
	Credit, CreditURL, BasedOn, PublishAt, Version     string
	Action                                             string // the button pressed
}

// The buttons of the article form, by the value they send as "action".
const (
	actSave      = "save"
	actSchedule  = "schedule"
	actPublish   = "publish"
	actUnpublish = "unpublish"
	actUnsched   = "unschedule"
	actPreview   = "preview"
)

// Limits of the form's fields, in characters.
const (
	maxTitleRunes    = 300
	maxExcerptRunes  = 1000
	maxCategoryRunes = 60
	maxBylineRunes   = 200
	maxCaptionRunes  = 1000
	maxCreditRunes   = 200
)

// dateTimeLocal is the layout of an <input type="datetime-local">.
const dateTimeLocal = "2006-01-02T15:04"

// parseLocalTime reads a datetime-local value in loc. Browsers send
// minutes ("2026-11-29T20:05"), or seconds too when the value was set
// with them ("2026-11-29T20:05:30", even "…:30.500"); all are taken, to
// the whole second.
func parseLocalTime(v string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation(dateTimeLocal, v, loc)
	if err != nil {
		t, err = time.ParseInLocation(dateTimeLocal+":05", v, loc)
	}
	return t.Truncate(time.Second), err
}

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
func deskFormOf(d model.DeskArticle, loc *time.Location) deskForm {
	f := deskForm{
		Title: d.Title, Slug: d.Slug, Excerpt: d.Excerpt, Body: d.Body, Category: d.Category,
		Tags: desk.JoinTags(d.Tags), Byline: d.Byline, ImageURL: d.ImageURL, ImageCaption: d.ImageCaption,
		ImageCredit: d.ImageCredit, Credit: d.Credit, CreditURL: d.CreditURL, Version: strconv.Itoa(d.Version),
	}
	if d.ImageID != 0 {
		f.ImageID = strconv.FormatInt(d.ImageID, 10)
	}
	if d.BasedOn != 0 {
		f.BasedOn = strconv.FormatInt(d.BasedOn, 10)
	}
	if !d.PublishAt.IsZero() && d.Status == model.DeskScheduled {
		f.PublishAt = d.PublishAt.In(loc).Format(dateTimeLocal)
	}
	return f
}

// fieldErrors are the form's problems by field name.
type fieldErrors map[string]string

func (e fieldErrors) add(field, format string, args ...any) {
	if _, ok := e[field]; !ok {
		e[field] = fmt.Sprintf(format, args...)
	}
}

// checkText refuses text too long, or holding control characters other
// than line breaks and tabs where multiline is true.
func (e fieldErrors) checkText(field, label, v string, maxRunes int, multiline bool) {
	if n := utf8.RuneCountInString(v); n > maxRunes {
		e.add(field, "%s is %d characters long; keep it to %d.", label, n, maxRunes)
		return
	}
	if !utf8.ValidString(v) || strings.ContainsFunc(v, func(r rune) bool {
		return unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t'))
	}) {
		e.add(field, "%s holds characters that cannot be shown (control characters); retype it.", label)
	}
}

// validCategory is what a category name may hold: it becomes a section
// of the site, with a slug made from it.
func validCategory(name string) bool {
	letters := false
	for _, r := range name {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			letters = true
		case r == ' ' || strings.ContainsRune("&-',.()/", r):
		default:
			return false
		}
	}
	return letters
}

// webAddress reports whether raw is an absolute http(s) address.
func webAddress(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.ContainsAny(raw, " \t\n\"<>")
}

// mediaAddress reports whether raw is a photo address the desk may
// show: one of our own variants, or a web address (a reused
// aggregated article's photo).
func mediaAddress(raw string) bool {
	return strings.HasPrefix(raw, "/media/") && !strings.ContainsAny(raw, " \t\n\"<>?#") || webAddress(raw)
}

// deskInput is a checked form: the article's fields ready to store, or
// the problems to show.
type deskInput struct {
	fields    model.DeskFields
	rendered  desk.Rendered
	publishAt time.Time // the time typed, in UTC; zero when none
	version   int
	errs      fieldErrors
}

// checkDeskForm checks the typed fields. The image and based-on fields
// are checked against the store by the caller.
func (s *server) checkDeskForm(f deskForm) deskInput {
	in := deskInput{errs: fieldErrors{}}
	e := in.errs
	if f.Title == "" {
		e.add("title", "Give the article a headline.")
	}
	e.checkText("title", "The headline", f.Title, maxTitleRunes, false)
	slug := desk.SlugFor(f.Slug, f.Title)
	if f.Slug != "" {
		if err := desk.CheckSlug(f.Slug); err != nil {
			e.add("slug", "The address (slug) is not valid: %s.", err)
		}
	}
	e.checkText("excerpt", "The excerpt", f.Excerpt, maxExcerptRunes, true)
	if len(f.Body) > desk.MaxBodyBytes {
		e.add("body", "The text is %d KB; an article may be at most %d KB. Split it or shorten it.", len(f.Body)>>10, desk.MaxBodyBytes>>10)
	} else {
		e.checkText("body", "The text", f.Body, desk.MaxBodyBytes, true)
	}
	if f.Category != "" {
		e.checkText("category", "The category", f.Category, maxCategoryRunes, false)
		if !validCategory(f.Category) {
			e.add("category", "Use letters, digits, spaces and & - ' , . ( ) / in a category name.")
		}
	}
	tags, err := desk.ParseTags(f.Tags)
	if err != nil {
		e.add("tags", "%s.", sentenceCase(err.Error()))
	}
	e.checkText("tags", "The tags", f.Tags, desk.MaxTags*(desk.MaxTagRunes+2), false)
	e.checkText("byline", "The byline", f.Byline, maxBylineRunes, false)
	e.checkText("image_caption", "The caption", f.ImageCaption, maxCaptionRunes, true)
	e.checkText("image_credit", "The photo credit", f.ImageCredit, maxCreditRunes, false)
	e.checkText("credit", "The credit", f.Credit, maxCreditRunes, false)
	if f.CreditURL != "" {
		if !webAddress(f.CreditURL) || len(f.CreditURL) > store.MaxDeskURL {
			e.add("credit_url", "Give the full address of the credited page, starting https://.")
		} else if f.Credit == "" {
			e.add("credit", "Name the outlet or agency the link credits.")
		}
	}
	if f.ImageURL != "" && !mediaAddress(f.ImageURL) {
		e.add("image", "The photo's address is not valid; choose the photo again.")
	}
	in.fields = model.DeskFields{
		Title: f.Title, Slug: slug, Excerpt: f.Excerpt, Body: f.Body, Category: f.Category, Tags: tags,
		Byline: f.Byline, ImageURL: f.ImageURL, ImageCaption: f.ImageCaption, ImageCredit: f.ImageCredit,
		Credit: f.Credit, CreditURL: f.CreditURL,
	}
	if f.ImageID != "" {
		id, err := strconv.ParseInt(f.ImageID, 10, 64)
		if err != nil || id <= 0 {
			e.add("image_id", "A photo's number is a whole number, as the photos page shows it.")
		}
		in.fields.ImageID = id
	}
	if f.BasedOn != "" {
		in.fields.BasedOn, _ = strconv.ParseInt(f.BasedOn, 10, 64)
	}
	if f.PublishAt != "" {
		t, err := parseLocalTime(f.PublishAt, s.siteNow().Location)
		if err != nil {
			e.add("publish_at", "Give a date and time such as %s.", s.now().In(s.siteNow().Location).Add(time.Hour).Format(dateTimeLocal))
		}
		in.publishAt = t.UTC()
	}
	in.version, _ = strconv.Atoi(f.Version)
	if _, bad := e["body"]; !bad {
		in.rendered = desk.Render(f.Body, s.baseURL())
	}
	return in
}

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
// asks of d (the stored article, or a new one), or records why it
// cannot.
func (s *server) applyAction(d *model.DeskArticle, in *deskInput, action string) {
	now := s.now()
	wantTime := func() {
		switch {
		case in.publishAt.IsZero():
			in.errs.add("publish_at", "Choose the date and time to publish at (%s time).", s.siteNow().Location)
		case !in.publishAt.After(now):
			in.errs.add("publish_at", "That time has passed: choose a later one, or publish now.")
		}
	}
	switch action {
	case actSave:
		if d.Status == "" {
			d.Status = model.DeskDraft
		}
		if d.Status == model.DeskScheduled {
			wantTime()
			d.PublishAt = in.publishAt
		}
	case actSchedule:
		if d.Status == model.DeskPublished {
			in.errs.add("publish_at", "This article is published already; unpublish it first to publish it again later.")
			return
		}
		wantTime()
		d.Status, d.PublishAt = model.DeskScheduled, in.publishAt
	case actPublish:
		if d.ArticleID == 0 || d.PublishAt.IsZero() {
			// A first publication is dated now; a republished article
			// keeps its date, and so its address.
			d.PublishAt = now
		}
		d.Status = model.DeskPublished
	case actUnpublish:
		d.Status = model.DeskUnpublished
	case actUnsched:
		d.Status = model.DeskDraft
		if d.ArticleID != 0 {
			d.Status = model.DeskUnpublished
		}
	}
	if (d.Status == model.DeskPublished || d.Status == model.DeskScheduled) && strings.TrimSpace(in.fields.Body) == "" {
		in.errs.add("body", "Write the article before it is published.")
	}
}

// actionWords name what a button did, for notices and the audit log.
var actionWords = map[string]struct{ audit, notice string }{
	actSave:      {"article.save", "Saved."},
	actSchedule:  {"article.schedule", "Scheduled."},
	actPublish:   {"article.publish", "Published."},
	actUnpublish: {"article.unpublish", "Unpublished: readers no longer see it; its address and comments are kept."},
	actUnsched:   {"article.save", "No longer scheduled."},
}

// errSlugMessage is the form's message for a slug another article has.
func errSlugMessage(err error, slug string) (string, bool) {
	if errors.Is(err, store.ErrSlugTaken) {
		return fmt.Sprintf("Another article already lives at “%s”: choose another address (slug).", slug), true
	}
	return "", false
}
