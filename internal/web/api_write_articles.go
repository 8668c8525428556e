package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/desk"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// deskArticleJSON is a newsroom article as the write operations answer
// it. Its id is the newsroom's (the one PATCH and publish take);
// article_id is its public article, which GET /articles/{id} serves,
// once it has been published.
type deskArticleJSON struct {
	ID           int64    `json:"id"`
	ArticleID    *int64   `json:"article_id"`
	URL          *string  `json:"url"` // its page, while published
	Status       string   `json:"status"`
	Version      int      `json:"version"`
	Title        string   `json:"title"`
	Slug         string   `json:"slug"`
	Excerpt      string   `json:"excerpt"`
	Body         string   `json:"body"`
	Category     string   `json:"category"`
	Tags         []string `json:"tags"`
	Byline       string   `json:"byline"`
	Credit       string   `json:"credit"`
	CreditURL    string   `json:"credit_url"`
	ImageCaption string   `json:"image_caption"`
	ImageCredit  string   `json:"image_credit"`
	PublishAt    *string  `json:"publish_at"`
	AuthorID     int64    `json:"author_id"`
	CreatedAt    string   `json:"created_at"`
	UpdatedAt    string   `json:"updated_at"`
}

// articleWrite is the body of POST /articles and PATCH /articles/{id}:
// absent fields keep their value (or are empty, for a new article).
type articleWrite struct {
	Title        *string   `json:"title"`
	Slug         *string   `json:"slug"`
	Body         *string   `json:"body"`
	Excerpt      *string   `json:"excerpt"`
	Category     *string   `json:"category"`
	Tags         *[]string `json:"tags"`
	Byline       *string   `json:"byline"`
	Credit       *string   `json:"credit"`
	CreditURL    *string   `json:"credit_url"`
	ImageCaption *string   `json:"image_caption"`
	ImageCredit  *string   `json:"image_credit"`
	Status       *string   `json:"status"`
	PublishAt    *string   `json:"publish_at"`
	Version      *int      `json:"version"`
}

// validationError is a 422 naming the fields at fault.
type validationError struct {
	msg    string
	fields desk.FieldErrors
}

func (e *validationError) Error() string { return e.msg }

// baseURL is the site's address, which relative links in articles are
// resolved against; nil when it is not set.
func (s *server) baseURL() *url.URL {
	u, err := url.Parse(s.settings().BaseURL)
	if err != nil || !u.IsAbs() {
		return nil
	}
	return u
}

// deskAnswer is the answer carrying d, with its ETag.
func (s *server) deskAnswer(d model.DeskArticle, status int) writeResult {
	out := deskArticleJSON{
		ID: d.ID, Status: string(d.Status), Version: d.Version, Title: d.Title, Slug: d.Slug,
		Excerpt: d.Excerpt, Body: d.Body, Category: d.Category, Tags: d.Tags, Byline: d.Byline,
		Credit: d.Credit, CreditURL: d.CreditURL, ImageCaption: d.ImageCaption, ImageCredit: d.ImageCredit,
		AuthorID: d.AuthorID, CreatedAt: d.Created.UTC().Format(time.RFC3339), UpdatedAt: d.Updated.UTC().Format(time.RFC3339),
	}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	if d.ArticleID != 0 {
		id := d.ArticleID
		out.ArticleID = &id
		if d.Status == model.DeskPublished {
			u := s.absURL(s.permalink(model.Article{Slug: d.Slug, PublishedAt: d.PublishAt}))
			out.URL = &u
		}
	}
	if !d.PublishAt.IsZero() {
		p := d.PublishAt.UTC().Format(time.RFC3339)
		out.PublishAt = &p
	}
	return writeResult{status: status, body: out, etag: etagOf(d)}
}

// etagOf is an article's version as an entity tag, for If-Match.
func etagOf(d model.DeskArticle) string { return `"` + strconv.Itoa(d.Version) + `"` }

// checkIfMatch answers 412 when If-Match names another version than
// d's; no header, or "*", matches.
func checkIfMatch(r *http.Request, d model.DeskArticle) error {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" || h == "*" {
		return nil
	}
	for tag := range strings.SplitSeq(h, ",") {
		if strings.TrimPrefix(strings.TrimSpace(tag), "W/") == etagOf(d) {
			return nil
		}
	}
	return &httpError{http.StatusPreconditionFailed, fmt.Sprintf(
		"the article is at version %d (ETag %s), not the one If-Match names; read it again", d.Version, etagOf(d))}
}

// writeAction maps a requested status to the desk's button for it.
func writeAction(status string, current model.DeskArticle) (string, error) {
	switch status {
	case "":
		return desk.ActSave, nil
	case string(model.DeskDraft):
		switch current.Status {
		case model.DeskScheduled:
			return desk.ActUnsched, nil
		case model.DeskPublished, model.DeskUnpublished:
			return "", &validationError{"an article once published cannot become a draft again; unpublish it instead",
				desk.FieldErrors{"status": "Use unpublished for a published article."}}
		}
		return desk.ActSave, nil
	case string(model.DeskScheduled):
		return desk.ActSchedule, nil
	case string(model.DeskPublished):
		return desk.ActPublish, nil
	case string(model.DeskUnpublished):
		if current.Status == model.DeskPublished {
			return desk.ActUnpublish, nil
		}
		if current.ID != 0 {
			return "", &httpError{http.StatusConflict, fmt.Sprintf("the article is %s, not published: there is nothing to unpublish", current.Status)}
		}
	}
	return "", &validationError{fmt.Sprintf("status %q is not one of draft, scheduled, published or unpublished", status),
		desk.FieldErrors{"status": "Use draft, scheduled or published (or unpublished for an article published before)."}}
}

// apply copies the fields w sends over f.
func (w articleWrite) apply(f *desk.Form) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	set(&f.Title, w.Title)
	set(&f.Slug, w.Slug)
	set(&f.Excerpt, w.Excerpt)
	set(&f.Category, w.Category)
	set(&f.Byline, w.Byline)
	set(&f.Credit, w.Credit)
	set(&f.CreditURL, w.CreditURL)
	set(&f.ImageCaption, w.ImageCaption)
	set(&f.ImageCredit, w.ImageCredit)
	if w.Body != nil {
		f.Body = strings.ReplaceAll(*w.Body, "\r\n", "\n")
	}
	if w.Tags != nil {
		f.Tags = strings.Join(*w.Tags, ",")
	}
}

// saveArticle checks w over d (the stored article, or a new one), sets
// the status action asks for and saves it by the desk's rules.
func (s *server) saveArticle(r *http.Request, c writeCall, d model.DeskArticle, w articleWrite, action string) (model.DeskArticle, error) {
	isNew := d.ID == 0
	env := desk.Env{Now: s.now(), Loc: s.settings().Location, Base: s.baseURL()}
	f := desk.FormOf(d, env.Loc)
	f.PublishAt = ""
	w.apply(&f)
	in := desk.Check(f, env)
	switch {
	case w.PublishAt != nil && strings.TrimSpace(*w.PublishAt) != "":
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(*w.PublishAt))
		if err != nil {
			in.Errs.Add("publish_at", "Give the time as RFC 3339, such as %s.", env.Now.Add(time.Hour).UTC().Format(time.RFC3339))
		}
		in.PublishAt = t.UTC().Truncate(time.Second)
	case d.Status == model.DeskScheduled && w.PublishAt == nil:
		in.PublishAt = d.PublishAt
	}
	d.DeskFields = in.Fields
	d.BodyHTML, d.BodyText = in.Rendered.HTML, in.Rendered.Text
	desk.Apply(&d, &in, action, env)
	if len(in.Errs) > 0 {
		return model.DeskArticle{}, &validationError{"the article was not saved: " + firstProblem(in.Errs), in.Errs}
	}
	change := store.DeskChange{UserID: c.user.ID, Note: desk.Note(action), At: s.now()}
	saved, err := s.writes.desk.Save(r.Context(), d, isNew, f.Slug != "", change)
	if msg, ok := desk.SlugMessage(err, d.Slug); ok {
		return model.DeskArticle{}, &validationError{msg, desk.FieldErrors{"slug": msg}}
	}
	if errors.Is(err, store.ErrConflict) {
		return model.DeskArticle{}, &httpError{http.StatusConflict,
			"the article changed since the version this change was made from; read it again and reapply the change"}
	}
	if err != nil {
		return model.DeskArticle{}, fmt.Errorf("web: save desk article: %w", err)
	}
	s.audit(r, c, desk.AuditAction(action, isNew), "desk_article", saved.ID, fmt.Sprintf("saved %q (%s)", saved.Title, saved.Status))
	if saved.Status == model.DeskScheduled && s.writes.Scheduled != nil {
		s.writes.Scheduled()
	}
	return saved, nil
}

// firstProblem is one of the field problems, the same one every time.
func firstProblem(errs desk.FieldErrors) string {
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys[0] + ": " + errs[keys[0]]
}

// apiCreateArticle writes a new newsroom article by the token's account.
func (s *server) apiCreateArticle(r *http.Request, c writeCall) (writeResult, error) {
	if err := desk.MayWrite(c.user); err != nil {
		return writeResult{}, &httpError{http.StatusForbidden, "a " + string(c.user.Role) + " writes no articles; authors, editors and admins do"}
	}
	var w articleWrite
	if err := decodeBody(r, &w, false); err != nil {
		return writeResult{}, err
	}
	if w.Version != nil {
		return writeResult{}, &validationError{"a new article has no version to name", desk.FieldErrors{"version": "Leave version out."}}
	}
	status := ""
	if w.Status != nil {
		status = *w.Status
	}
	d := model.DeskArticle{AuthorID: c.user.ID, Language: s.settings().Language,
		DeskFields: model.DeskFields{Byline: c.user.Name}}
	action, err := writeAction(status, d)
	if err != nil {
		return writeResult{}, err
	}
	saved, err := s.saveArticle(r, c, d, w, action)
	if err != nil {
		return writeResult{}, err
	}
	return s.deskAnswer(saved, http.StatusCreated), nil
}

// editable reads the article the path names, if c's account may edit it.
func (s *server) editable(r *http.Request, c writeCall) (model.DeskArticle, error) {
	if err := desk.MayWrite(c.user); err != nil {
		return model.DeskArticle{}, &httpError{http.StatusForbidden, "a " + string(c.user.Role) + " edits no articles; authors, editors and admins do"}
	}
	id, err := pathNumber(r, "newsroom article")
	if err != nil {
		return model.DeskArticle{}, err
	}
	d, err := s.writes.Store.GetDeskArticle(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return model.DeskArticle{}, &httpError{http.StatusNotFound, fmt.Sprintf("no newsroom article %d", id)}
	}
	if err != nil {
		return model.DeskArticle{}, err
	}
	if desk.MayEdit(c.user, d) != nil {
		return model.DeskArticle{}, &httpError{http.StatusForbidden,
			"this article is another author's: authors edit their own articles, editors and admins edit all of them"}
	}
	return d, checkIfMatch(r, d)
}

// apiPatchArticle changes the fields sent, and the status when sent.
func (s *server) apiPatchArticle(r *http.Request, c writeCall) (writeResult, error) {
	d, err := s.editable(r, c)
	if err != nil {
		return writeResult{}, err
	}
	var w articleWrite
	if err := decodeBody(r, &w, false); err != nil {
		return writeResult{}, err
	}
	if w.Version != nil && *w.Version != d.Version {
		return writeResult{}, &httpError{http.StatusConflict, fmt.Sprintf(
			"the article is at version %d, not %d: someone changed it meanwhile; read it again and reapply the change", d.Version, *w.Version)}
	}
	status := ""
	if w.Status != nil && *w.Status != string(d.Status) {
		status = *w.Status
	}
	action, err := writeAction(status, d)
	if err != nil {
		return writeResult{}, err
	}
	saved, err := s.saveArticle(r, c, d, w, action)
	if err != nil {
		return writeResult{}, err
	}
	return s.deskAnswer(saved, http.StatusOK), nil
}

// apiPublishArticle publishes an article now (a republished one keeps
// its date and address).
func (s *server) apiPublishArticle(r *http.Request, c writeCall) (writeResult, error) {
	return s.statusChange(r, c, desk.ActPublish)
}

// apiUnpublishArticle takes a published article down, keeping its
// address and comments.
func (s *server) apiUnpublishArticle(r *http.Request, c writeCall) (writeResult, error) {
	return s.statusChange(r, c, desk.ActUnpublish)
}

func (s *server) statusChange(r *http.Request, c writeCall, action string) (writeResult, error) {
	d, err := s.editable(r, c)
	if err != nil {
		return writeResult{}, err
	}
	var none struct{}
	if err := decodeBody(r, &none, true); err != nil {
		return writeResult{}, err
	}
	switch {
	case action == desk.ActPublish && d.Status == model.DeskPublished,
		action == desk.ActUnpublish && d.Status == model.DeskUnpublished:
		return s.deskAnswer(d, http.StatusOK), nil // done already
	case action == desk.ActUnpublish && d.Status != model.DeskPublished:
		return writeResult{}, &httpError{http.StatusConflict, fmt.Sprintf("the article is %s, not published: there is nothing to unpublish", d.Status)}
	}
	saved, err := s.saveArticle(r, c, d, articleWrite{}, action)
	if err != nil {
		return writeResult{}, err
	}
	return s.deskAnswer(saved, http.StatusOK), nil
}
