package admin

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/newsdesk/newsdesk/internal/desk"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// deskEditPage is the data of the article form.
type deskEditPage struct {
	New      bool
	ID       int64
	Status   model.DeskStatus
	Form     deskForm
	Errors   fieldErrors
	Problem  string        // above the form
	Notice   string        // after a successful change
	Preview  template.HTML // the rendered body, when asked for
	Conflict *deskConflict
	// Where the article stands, in words: "Draft", "Scheduled for …".
	StatusLine string
	PublicURL  string // its page on the site, while published
	ImageURL   string // the lead photo shown above its fields
	// LocalImage is set when the photo is one of ours: the admin area's
	// security policy shows no other site's images, so a reused
	// aggregated photo is linked instead.
	LocalImage bool
	BasedOn    *deskSource
	Categories []string
	TimeZone   string
	CanDelete  bool
	MaxBody    int
	Author     string
}

// deskSource is the aggregated article an original is written from.
type deskSource struct {
	Title, URL, Source string
}

// deskConflict is a save refused because someone else saved first.
type deskConflict struct {
	By, When string
	Changes  []fieldChange // theirs against the refused form
}

// handleDeskNew shows an empty article form, or one started from an
// aggregated article (?from=ID).
func (s *server) handleDeskNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	d := model.DeskArticle{Status: model.DeskDraft, DeskFields: model.DeskFields{Byline: rq.user.Name}}
	if from := r.URL.Query().Get("from"); from != "" {
		id, err := strconv.ParseInt(from, 10, 64)
		if err != nil || id <= 0 {
			return badRequest("The article to start from (from=%q) is not a number.", from)
		}
		a, err := s.st.GetArticle(r.Context(), id)
		if err != nil {
			return err
		}
		d.DeskFields = startFrom(a, rq.user.Name)
	}
	page := s.deskPage(r, &d, deskFormOf(d, s.siteNow().Location))
	return s.render(w, r, http.StatusOK, "desk_edit", view{Frame: rq.frame("New article", "articles"), Page: page})
}

// startFrom is a new article's fields taken from an aggregated one: its
// headline and summary to rewrite, its text quoted as a starting point,
// and its outlet credited with a link to the original, which the public
// page names as the report it is based on.
func startFrom(a model.Article, byline string) model.DeskFields {
	var body strings.Builder
	paras := strings.Split(strings.TrimSpace(a.ContentText), "\n\n")
	for i, p := range paras {
		if i == 3 || strings.TrimSpace(p) == "" {
			break
		}
		body.WriteString("> " + strings.Join(strings.Fields(p), " ") + "\n>\n")
	}
	f := model.DeskFields{
		Title: a.Title, Excerpt: a.Excerpt, Body: strings.TrimSuffix(body.String(), ">\n"),
		Category: a.Category, Byline: byline, BasedOn: a.ID,
		Credit: firstNonEmpty(a.Credit, a.SourceName), CreditURL: a.URL,
	}
	if a.ImageURL != "" && mediaAddress(a.ImageURL) {
		// The photo may be reused; its credit goes with it.
		f.ImageURL, f.ImageCredit = a.ImageURL, firstNonEmpty(a.ImageCredit, a.SourceName)
	}
	return f
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// handleDeskEdit shows a stored article's form.
func (s *server) handleDeskEdit(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.deskArticle(r, rq)
	if err != nil {
		return err
	}
	page := s.deskPage(r, &d, deskFormOf(d, s.siteNow().Location))
	if done := r.URL.Query().Get("done"); done != "" {
		page.Notice = actionWords[done].notice
		if done == "restored" {
			page.Notice = "Restored: the article's fields are as that revision had them, saved as a new revision."
		}
	}
	return s.render(w, r, http.StatusOK, "desk_edit", view{Frame: rq.frame("Edit: "+d.Title, "articles"), Page: page})
}

// deskArticle reads the article named by the path, if rq's user may
// edit it: editors edit every article, authors their own.
func (s *server) deskArticle(r *http.Request, rq *request) (model.DeskArticle, error) {
	id, err := pathID(r)
	if err != nil {
		return model.DeskArticle{}, err
	}
	d, err := s.st.GetDeskArticle(r.Context(), id)
	if err != nil {
		return model.DeskArticle{}, err
	}
	if desk.MayEdit(rq.user, d) != nil {
		return model.DeskArticle{}, &httpError{http.StatusForbidden,
			"This article is another author's. Authors edit their own articles; editors and admins edit all of them."}
	}
	return d, nil
}

// deskPage builds the form's page for d shown with form f.
func (s *server) deskPage(r *http.Request, d *model.DeskArticle, f deskForm) deskEditPage {
	p := deskEditPage{
		New: d.ID == 0, ID: d.ID, Status: d.Status, Form: f, Errors: fieldErrors{},
		TimeZone: s.siteNow().Location.String(), MaxBody: desk.MaxBodyBytes, Author: d.Author,
		CanDelete: d.ID != 0 && d.Status == model.DeskDraft && d.ArticleID == 0,
		ImageURL:  f.ImageURL, LocalImage: strings.HasPrefix(f.ImageURL, "/media/"),
	}
	p.StatusLine = s.statusLine(*d)
	if d.Status == model.DeskPublished && d.ArticleID != 0 && s.articleURL != nil {
		if a, err := s.st.GetArticle(r.Context(), d.ArticleID); err == nil {
			p.PublicURL = s.articleURL(a)
		}
	}
	if id, err := strconv.ParseInt(f.BasedOn, 10, 64); err == nil && id > 0 {
		if a, err := s.st.GetArticle(r.Context(), id); err == nil {
			p.BasedOn = &deskSource{Title: a.Title, Source: a.SourceName}
			if s.articleURL != nil {
				p.BasedOn.URL = s.articleURL(a)
			}
		}
	}
	if cats, err := s.st.ListCategories(r.Context()); err == nil {
		for _, c := range cats {
			p.Categories = append(p.Categories, c.Name)
		}
	}
	return p
}

// statusLine says where an article stands, its times in the site's zone.
func (s *server) statusLine(d model.DeskArticle) string {
	when, _ := s.formatTime(d.PublishAt)
	switch d.Status {
	case model.DeskScheduled:
		return "Scheduled: publishes itself on " + when + "."
	case model.DeskPublished:
		return "Published on " + when + "."
	case model.DeskUnpublished:
		return "Unpublished: readers do not see it; its address and comments are kept."
	case model.DeskDraft:
		if d.ID == 0 {
			return "New draft, not saved yet."
		}
		return "Draft: only the newsroom sees it."
	}
	return ""
}

// handleDeskCreate stores a new article from the form.
func (s *server) handleDeskCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	d := model.DeskArticle{AuthorID: rq.user.ID, Status: model.DeskDraft, Language: s.siteNow().Language}
	return s.saveDesk(w, r, rq, d, true)
}

// handleDeskSave applies the form to a stored article as its pressed
// button asks: save, schedule, publish, unpublish, or only preview.
func (s *server) handleDeskSave(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.deskArticle(r, rq)
	if err != nil {
		return err
	}
	return s.saveDesk(w, r, rq, d, false)
}

// saveDesk checks the form, applies it to d and stores the result, or
// shows the form again with its problems and nothing lost.
func (s *server) saveDesk(w http.ResponseWriter, r *http.Request, rq *request, d model.DeskArticle, isNew bool) error {
	f := readDeskForm(r)
	if _, ok := actionWords[f.Action]; !ok && f.Action != actPreview {
		f.Action = actSave
	}
	in := s.checkDeskForm(f)
	if err := s.deskImage(r, rq, &f, &in); err != nil {
		return err
	}
	if in.Fields.BasedOn != 0 {
		if _, err := s.st.GetArticle(r.Context(), in.Fields.BasedOn); err != nil {
			in.Fields.BasedOn, f.BasedOn = 0, ""
		}
	}
	stored := d
	d.DeskFields = in.Fields
	d.BodyHTML, d.BodyText = in.Rendered.HTML, in.Rendered.Text
	title := "Edit: " + stored.Title
	if isNew {
		title = "New article"
	}
	if f.Action == actPreview {
		page := s.deskPage(r, &stored, f)
		page.Errors, page.Preview = in.Errs, template.HTML(in.Rendered.HTML)
		return s.render(w, r, http.StatusOK, "desk_edit", view{Frame: rq.frame(title, "articles"), Page: page})
	}
	s.applyAction(&d, &in, f.Action)
	refuse := func(status int, problem string, conflict *deskConflict) error {
		page := s.deskPage(r, &stored, f)
		page.Errors, page.Problem, page.Conflict = in.Errs, problem, conflict
		return s.render(w, r, status, "desk_edit", view{Frame: rq.frame(title, "articles"), Page: page})
	}
	if len(in.Errs) > 0 {
		return refuse(http.StatusUnprocessableEntity, "The article was not saved: correct the fields marked below.", nil)
	}
	change := store.DeskChange{UserID: rq.user.ID, Note: desk.Note(f.Action), At: s.now()}
	if !isNew {
		d.Version = in.Version
	}
	saved, err := desk.NewService(s.st).Save(r.Context(), d, isNew, f.Slug != "", change)
	if msg, ok := desk.SlugMessage(err, d.Slug); ok {
		in.Errs.Add("slug", "%s", msg)
		return refuse(http.StatusUnprocessableEntity, "The article was not saved: correct the fields marked below.", nil)
	}
	if errors.Is(err, store.ErrConflict) {
		c, current, cerr := s.conflict(r, stored.ID, d.DeskFields)
		if cerr != nil {
			return cerr
		}
		f.Version = strconv.Itoa(current.Version)
		stored = current
		return refuse(http.StatusConflict, "", c)
	}
	if err != nil {
		return fmt.Errorf("admin: save desk article: %w", err)
	}
	s.audit(r, rq, desk.AuditAction(f.Action, isNew), "desk_article", saved.ID, s.auditSummary(saved, f.Action))
	if saved.Status == model.DeskScheduled && s.scheduled != nil {
		s.scheduled()
	}
	redirect(w, "/admin/articles/"+strconv.FormatInt(saved.ID, 10)+"/edit?done="+f.Action)
	return nil
}

func (s *server) auditSummary(d model.DeskArticle, action string) string {
	switch action {
	case actSchedule:
		when, _ := s.formatTime(d.PublishAt)
		return fmt.Sprintf("scheduled %q for %s", d.Title, when)
	case actPublish:
		return fmt.Sprintf("published %q at /%s", d.Title, d.Slug)
	case actUnpublish:
		return fmt.Sprintf("unpublished %q", d.Title)
	}
	return fmt.Sprintf("saved %q (%s)", d.Title, d.Status)
}

// deskImage settles the lead photo: a file uploaded now, else the
// photo number typed, else none when removal was asked, else the photo
// the article had (a reused aggregated photo keeps its address).
func (s *server) deskImage(r *http.Request, rq *request, f *deskForm, in *deskInput) error {
	img, ok, err := s.receiveImage(r, rq, "image")
	switch {
	case err != nil:
		msg, mine := uploadProblem(err)
		if !mine {
			return err
		}
		in.Errs.Add("image", "%s", msg)
	case ok:
		in.Fields.ImageID, in.Fields.ImageURL = img.ID, s.imageURL(img, 1200)
		f.ImageID, f.ImageURL, f.RemoveImage = strconv.FormatInt(img.ID, 10), in.Fields.ImageURL, false
	case f.RemoveImage:
		in.Fields.ImageID, in.Fields.ImageURL = 0, ""
		f.ImageID, f.ImageURL = "", ""
	case in.Fields.ImageID != 0:
		img, err := s.st.GetImage(r.Context(), in.Fields.ImageID)
		if errors.Is(err, store.ErrNotFound) {
			in.Errs.Add("image_id", "There is no photo number %d; the photos page lists them.", in.Fields.ImageID)
			return nil
		}
		if err != nil {
			return err
		}
		in.Fields.ImageURL = s.imageURL(img, 1200)
		f.ImageURL = in.Fields.ImageURL
	}
	return nil
}

// conflict reads the article as someone else saved it and says what
// differs from the form that was refused.
func (s *server) conflict(r *http.Request, id int64, yours model.DeskFields) (*deskConflict, model.DeskArticle, error) {
	current, err := s.st.GetDeskArticle(r.Context(), id)
	if err != nil {
		return nil, model.DeskArticle{}, err
	}
	when, _ := s.formatTime(current.Updated)
	c := &deskConflict{By: firstNonEmpty(current.UpdatedByName, "the scheduler"), When: when,
		Changes: compareFields(current.DeskFields, yours)}
	return c, current, nil
}

// handleDeskPreview renders Markdown for the form's live preview
// (desk.js): JSON {"html": sanitized HTML, "words": count}.
func (s *server) handleDeskPreview(w http.ResponseWriter, r *http.Request, _ *request) error {
	body := r.PostForm.Get("body")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if len(body) > desk.MaxBodyBytes {
		w.WriteHeader(http.StatusUnprocessableEntity)
		return json.NewEncoder(w).Encode(map[string]string{"error": fmt.Sprintf(
			"The text is longer than %d KB; the preview shows articles up to that size.", desk.MaxBodyBytes>>10)})
	}
	out := desk.Render(body, s.baseURL())
	return json.NewEncoder(w).Encode(map[string]any{"html": out.HTML, "words": len(strings.Fields(out.Text))})
}
