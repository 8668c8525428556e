package desk

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// The rules a newsroom article's fields and status changes follow,
// whoever sends them: the admin area's article form and the JSON API's
// writes both check what they receive with Check and change the status
// with Apply, so an article cannot be saved by one that the other would
// refuse.

// Form is an article's fields as a writer sent them: every value as
// text, so a refused form comes back exactly as it was sent.
type Form struct {
	Title, Slug, Excerpt, Body, Category, Tags, Byline string
	ImageID, ImageURL, ImageCaption, ImageCredit       string
	RemoveImage                                        bool
	Credit, CreditURL, BasedOn, PublishAt, Version     string
	Action                                             string // the button pressed
}

// The status changes a save may ask for, by the value the form's
// buttons send as "action".
const (
	ActSave      = "save"
	ActSchedule  = "schedule"
	ActPublish   = "publish"
	ActUnpublish = "unpublish"
	ActUnsched   = "unschedule"
	ActPreview   = "preview"
)

// Limits of the fields, in characters.
const (
	MaxTitleRunes    = 300
	MaxExcerptRunes  = 1000
	MaxCategoryRunes = 60
	MaxBylineRunes   = 200
	MaxCaptionRunes  = 1000
	MaxCreditRunes   = 200
)

// DateTimeLocal is the layout of an <input type="datetime-local">.
const DateTimeLocal = "2006-01-02T15:04"

// ParseLocalTime reads a datetime-local value in loc. Browsers send
// minutes ("2026-11-29T20:05"), or seconds too when the value was set
// with them ("2026-11-29T20:05:30", even "…:30.500"); all are taken, to
// the whole second.
func ParseLocalTime(v string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation(DateTimeLocal, v, loc)
	if err != nil {
		t, err = time.ParseInLocation(DateTimeLocal+":05", v, loc)
	}
	return t.Truncate(time.Second), err
}

// FieldErrors are a form's problems by field name, worded for the
// writer.
type FieldErrors map[string]string

// Add records a problem of field, unless it has one already.
func (e FieldErrors) Add(field, format string, args ...any) {
	if _, ok := e[field]; !ok {
		e[field] = fmt.Sprintf(format, args...)
	}
}

// CheckText refuses text too long, or holding control characters other
// than line breaks and tabs where multiline is true.
func (e FieldErrors) CheckText(field, label, v string, maxRunes int, multiline bool) {
	if n := utf8.RuneCountInString(v); n > maxRunes {
		e.Add(field, "%s is %d characters long; keep it to %d.", label, n, maxRunes)
		return
	}
	if !utf8.ValidString(v) || strings.ContainsFunc(v, func(r rune) bool {
		return unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t'))
	}) {
		e.Add(field, "%s holds characters that cannot be shown (control characters); retype it.", label)
	}
}

// ValidCategory is what a category name may hold: it becomes a section
// of the site, with a slug made from it.
func ValidCategory(name string) bool {
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

// WebAddress reports whether raw is an absolute http(s) address.
func WebAddress(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.ContainsAny(raw, " \t\n\"<>")
}

// MediaAddress reports whether raw is a photo address the desk may
// show: one of our own variants, or a web address (a reused
// aggregated article's photo).
func MediaAddress(raw string) bool {
	return strings.HasPrefix(raw, "/media/") && !strings.ContainsAny(raw, " \t\n\"<>?#") || WebAddress(raw)
}

// Env is what checking a form needs to know of the site.
type Env struct {
	Now  time.Time
	Loc  *time.Location // the site's zone, that typed times are in
	Base *url.URL       // the site's address; nil when not set
}

// Input is a checked form: the article's fields ready to store, or the
// problems to show.
type Input struct {
	Fields    model.DeskFields
	Rendered  Rendered
	PublishAt time.Time // the time typed, in UTC; zero when none
	Version   int
	Errs      FieldErrors
}

// Check checks the typed fields. The photo and based-on fields are
// checked against the store by the caller.
func Check(f Form, env Env) Input {
	in := Input{Errs: FieldErrors{}}
	e := in.Errs
	if f.Title == "" {
		e.Add("title", "Give the article a headline.")
	}
	e.CheckText("title", "The headline", f.Title, MaxTitleRunes, false)
	slug := SlugFor(f.Slug, f.Title)
	if f.Slug != "" {
		if err := CheckSlug(f.Slug); err != nil {
			e.Add("slug", "The address (slug) is not valid: %s.", err)
		}
	}
	e.CheckText("excerpt", "The excerpt", f.Excerpt, MaxExcerptRunes, true)
	if len(f.Body) > MaxBodyBytes {
		e.Add("body", "The text is %d KB; an article may be at most %d KB. Split it or shorten it.", len(f.Body)>>10, MaxBodyBytes>>10)
	} else {
		e.CheckText("body", "The text", f.Body, MaxBodyBytes, true)
	}
	if f.Category != "" {
		e.CheckText("category", "The category", f.Category, MaxCategoryRunes, false)
		if !ValidCategory(f.Category) {
			e.Add("category", "Use letters, digits, spaces and & - ' , . ( ) / in a category name.")
		}
	}
	tags, err := ParseTags(f.Tags)
	if err != nil {
		msg := err.Error()
		e.Add("tags", "%s.", strings.ToUpper(msg[:1])+msg[1:])
	}
	e.CheckText("tags", "The tags", f.Tags, MaxTags*(MaxTagRunes+2), false)
	e.CheckText("byline", "The byline", f.Byline, MaxBylineRunes, false)
	e.CheckText("image_caption", "The caption", f.ImageCaption, MaxCaptionRunes, true)
	e.CheckText("image_credit", "The photo credit", f.ImageCredit, MaxCreditRunes, false)
	e.CheckText("credit", "The credit", f.Credit, MaxCreditRunes, false)
	if f.CreditURL != "" {
		if !WebAddress(f.CreditURL) || len(f.CreditURL) > store.MaxDeskURL {
			e.Add("credit_url", "Give the full address of the credited page, starting https://.")
		} else if f.Credit == "" {
			e.Add("credit", "Name the outlet or agency the link credits.")
		}
	}
	if f.ImageURL != "" && !MediaAddress(f.ImageURL) {
		e.Add("image", "The photo's address is not valid; choose the photo again.")
	}
	in.Fields = model.DeskFields{
		Title: f.Title, Slug: slug, Excerpt: f.Excerpt, Body: f.Body, Category: f.Category, Tags: tags,
		Byline: f.Byline, ImageURL: f.ImageURL, ImageCaption: f.ImageCaption, ImageCredit: f.ImageCredit,
		Credit: f.Credit, CreditURL: f.CreditURL,
	}
	if f.ImageID != "" {
		id, err := strconv.ParseInt(f.ImageID, 10, 64)
		if err != nil || id <= 0 {
			e.Add("image_id", "A photo's number is a whole number, as the photos page shows it.")
		}
		in.Fields.ImageID = id
	}
	if f.BasedOn != "" {
		in.Fields.BasedOn, _ = strconv.ParseInt(f.BasedOn, 10, 64)
	}
	if f.PublishAt != "" {
		t, err := ParseLocalTime(f.PublishAt, env.Loc)
		if err != nil {
			e.Add("publish_at", "Give a date and time such as %s.", env.Now.In(env.Loc).Add(time.Hour).Format(DateTimeLocal))
		}
		in.PublishAt = t.UTC()
	}
	in.Version, _ = strconv.Atoi(f.Version)
	if _, bad := e["body"]; !bad {
		in.Rendered = Render(f.Body, env.Base)
	}
	return in
}

// Apply sets the status and publication time action asks of d (the
// stored article, or a new one), or records in in.Errs why it cannot.
func Apply(d *model.DeskArticle, in *Input, action string, env Env) {
	now := env.Now
	wantTime := func() {
		switch {
		case in.PublishAt.IsZero():
			in.Errs.Add("publish_at", "Choose the date and time to publish at (%s time).", env.Loc)
		case !in.PublishAt.After(now):
			in.Errs.Add("publish_at", "That time has passed: choose a later one, or publish now.")
		}
	}
	switch action {
	case ActSave:
		if d.Status == "" {
			d.Status = model.DeskDraft
		}
		if d.Status == model.DeskScheduled {
			wantTime()
			d.PublishAt = in.PublishAt
		}
	case ActSchedule:
		if d.Status == model.DeskPublished {
			in.Errs.Add("publish_at", "This article is published already; unpublish it first to publish it again later.")
			return
		}
		wantTime()
		d.Status, d.PublishAt = model.DeskScheduled, in.PublishAt
	case ActPublish:
		if d.ArticleID == 0 || d.PublishAt.IsZero() {
			// A first publication is dated now; a republished article
			// keeps its date, and so its address.
			d.PublishAt = now
		}
		d.Status = model.DeskPublished
	case ActUnpublish:
		d.Status = model.DeskUnpublished
	case ActUnsched:
		d.Status = model.DeskDraft
		if d.ArticleID != 0 {
			d.Status = model.DeskUnpublished
		}
	}
	if (d.Status == model.DeskPublished || d.Status == model.DeskScheduled) && strings.TrimSpace(in.Fields.Body) == "" {
		in.Errs.Add("body", "Write the article before it is published.")
	}
}

// Note is the note a revision made by action keeps.
func Note(action string) string {
	switch action {
	case ActSchedule:
		return "scheduled"
	case ActPublish:
		return "published"
	case ActUnpublish:
		return "unpublished"
	case ActUnsched:
		return "schedule cancelled"
	}
	return "saved"
}

// AuditAction is the audit log's name of a save made by action; isNew
// for the save that created the article.
func AuditAction(action string, isNew bool) string {
	switch action {
	case ActSchedule:
		return "article.schedule"
	case ActPublish:
		return "article.publish"
	case ActUnpublish:
		return "article.unpublish"
	}
	if isNew && action == ActSave {
		return "article.create"
	}
	return "article.save"
}

// SlugMessage is the message for a slug another article has.
func SlugMessage(err error, slug string) (string, bool) {
	if errors.Is(err, store.ErrSlugTaken) {
		return fmt.Sprintf("Another article already lives at “%s”: choose another address (slug).", slug), true
	}
	return "", false
}

// FormOf fills a form from a stored article, its time in loc: what the
// article form shows, and what a partial change over the API starts from.
func FormOf(d model.DeskArticle, loc *time.Location) Form {
	f := Form{
		Title: d.Title, Slug: d.Slug, Excerpt: d.Excerpt, Body: d.Body, Category: d.Category,
		Tags: JoinTags(d.Tags), Byline: d.Byline, ImageURL: d.ImageURL, ImageCaption: d.ImageCaption,
		ImageCredit: d.ImageCredit, Credit: d.Credit, CreditURL: d.CreditURL, Version: strconv.Itoa(d.Version),
	}
	if d.ImageID != 0 {
		f.ImageID = strconv.FormatInt(d.ImageID, 10)
	}
	if d.BasedOn != 0 {
		f.BasedOn = strconv.FormatInt(d.BasedOn, 10)
	}
	if !d.PublishAt.IsZero() && d.Status == model.DeskScheduled {
		f.PublishAt = d.PublishAt.In(loc).Format(DateTimeLocal)
	}
	return f
}
