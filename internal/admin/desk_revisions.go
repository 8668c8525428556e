package admin

import (
	"errors"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/newsdesk/newsdesk/internal/desk"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// fieldChange is one field that differs between two versions of an
// article: the older and newer text, and their diff (by line for the
// body, by word for the rest).
type fieldChange struct {
	Label        string
	Older, Newer string
	ByLine       bool
	// Diff is the diff as HTML: deletions in <del>, insertions in <ins>,
	// every piece of text escaped.
	Diff template.HTML
}

// compareFields lists the fields of older and newer that differ, in the
// form's order.
func compareFields(older, newer model.DeskFields) []fieldChange {
	id := func(n int64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	pairs := []struct {
		label, a, b string
		lines       bool
	}{
		{"Headline", older.Title, newer.Title, false},
		{"Address (slug)", older.Slug, newer.Slug, false},
		{"Excerpt", older.Excerpt, newer.Excerpt, false},
		{"Text", older.Body, newer.Body, true},
		{"Category", older.Category, newer.Category, false},
		{"Tags", desk.JoinTags(older.Tags), desk.JoinTags(newer.Tags), false},
		{"Byline", older.Byline, newer.Byline, false},
		{"Photo number", id(older.ImageID), id(newer.ImageID), false},
		{"Photo address", older.ImageURL, newer.ImageURL, false},
		{"Caption", older.ImageCaption, newer.ImageCaption, false},
		{"Photo credit", older.ImageCredit, newer.ImageCredit, false},
		{"Credit", older.Credit, newer.Credit, false},
		{"Credit link", older.CreditURL, newer.CreditURL, false},
		{"Based on article", id(older.BasedOn), id(newer.BasedOn), false},
	}
	var out []fieldChange
	for _, p := range pairs {
		if p.a == p.b {
			continue
		}
		c := fieldChange{Label: p.label, Older: p.a, Newer: p.b, ByLine: p.lines}
		if p.lines {
			c.Diff = diffHTML(desk.Lines(p.a, p.b), "\n")
		} else {
			c.Diff = diffHTML(desk.Words(p.a, p.b), "")
		}
		out = append(out, c)
	}
	return out
}

// diffHTML marks up edits, each followed by sep: a line diff's lines
// carry a "+ " or "- " too, so the change shows without colour.
func diffHTML(edits []desk.Edit, sep string) template.HTML {
	var b strings.Builder
	for _, e := range edits {
		text := html.EscapeString(e.Text)
		switch {
		case e.Op == desk.Insert && sep != "":
			b.WriteString("<ins>+ " + text + "</ins>")
		case e.Op == desk.Delete && sep != "":
			b.WriteString("<del>- " + text + "</del>")
		case e.Op == desk.Insert:
			b.WriteString("<ins>" + text + "</ins>")
		case e.Op == desk.Delete:
			b.WriteString("<del>" + text + "</del>")
		case sep != "":
			b.WriteString("  " + text)
		default:
			b.WriteString(text)
		}
		b.WriteString(sep)
	}
	return template.HTML(b.String())
}

// deskRevisionsPage is the data of an article's history.
type deskRevisionsPage struct {
	Article model.DeskArticle
	Rows    []revisionRow
}

type revisionRow struct {
	ID          int64
	When, ISO   string
	User, Note  string
	StatusLabel string
	URL         string
	Latest      bool
}

// handleDeskRevisions lists an article's revisions, newest first.
func (s *server) handleDeskRevisions(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.deskArticle(r, rq)
	if err != nil {
		return err
	}
	revs, err := s.st.ListDeskRevisions(r.Context(), d.ID)
	if err != nil {
		return err
	}
	page := deskRevisionsPage{Article: d}
	for i, rev := range revs {
		row := revisionRow{ID: rev.ID, User: firstNonEmpty(rev.User, "the scheduler"), Note: rev.Note,
			StatusLabel: statusLabels[rev.Status], Latest: i == 0,
			URL: fmt.Sprintf("/admin/articles/%d/revisions/%d", d.ID, rev.ID)}
		row.When, row.ISO = s.formatTime(rev.Created)
		page.Rows = append(page.Rows, row)
	}
	return s.render(w, r, http.StatusOK, "desk_revisions", view{Frame: rq.frame("History: "+d.Title, "articles"), Page: page})
}

// deskRevisionPage compares one revision with the article as it is.
type deskRevisionPage struct {
	Article   model.DeskArticle
	Revision  model.DeskRevision
	When, ISO string
	User      string
	Changes   []fieldChange // from the revision to the current article
}

func (s *server) deskRevision(r *http.Request, rq *request) (model.DeskArticle, model.DeskRevision, error) {
	d, err := s.deskArticle(r, rq)
	if err != nil {
		return d, model.DeskRevision{}, err
	}
	rev, err := pathNumber(r, "rev")
	if err != nil {
		return d, model.DeskRevision{}, err
	}
	got, err := s.st.GetDeskRevision(r.Context(), d.ID, rev)
	return d, got, err
}

// handleDeskRevision shows what changed between a revision and the
// article as it is now, field by field.
func (s *server) handleDeskRevision(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, rev, err := s.deskRevision(r, rq)
	if err != nil {
		return err
	}
	page := deskRevisionPage{Article: d, Revision: rev, User: firstNonEmpty(rev.User, "the scheduler"),
		Changes: compareFields(rev.Fields, d.DeskFields)}
	page.When, page.ISO = s.formatTime(rev.Created)
	return s.render(w, r, http.StatusOK, "desk_revision", view{
		Frame: rq.frame(fmt.Sprintf("Revision %d: %s", rev.ID, d.Title), "articles"), Page: page})
}

// handleDeskRestore brings a revision's fields back as a new revision;
// the article keeps its status (a published article's page shows the
// restored text at once) and its history keeps every revision.
func (s *server) handleDeskRestore(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, rev, err := s.deskRevision(r, rq)
	if err != nil {
		return err
	}
	if v, err := strconv.Atoi(r.PostForm.Get("version")); err == nil {
		d.Version = v // a restore chosen from a stale page is refused
	}
	d.DeskFields = rev.Fields
	out := desk.Render(d.Body, s.baseURL())
	d.BodyHTML, d.BodyText = out.HTML, out.Text
	note := fmt.Sprintf("restored revision %d", rev.ID)
	saved, err := s.st.SaveDeskArticle(r.Context(), d, store.DeskChange{UserID: rq.user.ID, Note: note, At: s.now()})
	switch {
	case errors.Is(err, store.ErrConflict):
		return &httpError{http.StatusConflict,
			"The article changed since you opened this revision; nothing was restored. Open the history again to see its latest state."}
	case errors.Is(err, store.ErrSlugTaken):
		return &httpError{http.StatusConflict, fmt.Sprintf(
			"Another article now lives at “%s”, this revision's address; nothing was restored. Edit the article to choose another address.", d.Slug)}
	case err != nil:
		return err
	}
	s.audit(r, rq, "article.restore", "desk_article", saved.ID, fmt.Sprintf("%s of %q", note, saved.Title))
	redirect(w, fmt.Sprintf("/admin/articles/%d/edit?done=restored", saved.ID))
	return nil
}

// handleDeskDeleteForm asks to confirm deleting a draft.
func (s *server) handleDeskDeleteForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.deskArticle(r, rq)
	if err != nil {
		return err
	}
	if d.Status != model.DeskDraft || d.ArticleID != 0 {
		return &httpError{http.StatusConflict, "Only a draft that was never published can be deleted; unpublish a published article instead."}
	}
	return s.render(w, r, http.StatusOK, "desk_delete", view{Frame: rq.frame("Delete: "+d.Title, "articles"), Page: d})
}

// handleDeskDelete deletes a draft that was never published.
func (s *server) handleDeskDelete(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.deskArticle(r, rq)
	if err != nil {
		return err
	}
	if r.PostForm.Get("confirm") != "yes" {
		return badRequest("Confirm that the draft is to be deleted: tick the box on the delete page.")
	}
	if err := s.st.DeleteDeskArticle(r.Context(), d.ID); errors.Is(err, store.ErrNotDraft) {
		return &httpError{http.StatusConflict, "Only a draft that was never published can be deleted; unpublish a published article instead."}
	} else if err != nil {
		return err
	}
	s.audit(r, rq, "article.delete", "desk_article", d.ID, fmt.Sprintf("deleted the draft %q", d.Title))
	redirect(w, "/admin/articles?status=draft")
	return nil
}
