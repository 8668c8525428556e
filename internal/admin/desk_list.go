package admin

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// deskListPage is the data of the articles list.
type deskListPage struct {
	Tabs   []deskTab
	Status model.DeskStatus // "" for all
	Rows   []deskRow
	Mine   bool   // an author sees their own articles only
	Next   string // the next page's address
}

type deskTab struct {
	Label   string
	URL     string
	Count   int
	Current bool
}

// deskRow is one article of the list.
type deskRow struct {
	ID                  int64
	Title, Author       string
	Status              model.DeskStatus
	StatusLabel         string
	When, WhenISO       string // scheduled or published time, if any
	Updated, UpdatedISO string
	EditURL, PublicURL  string
}

// statusLabels name the statuses on the desk's pages.
var statusLabels = map[model.DeskStatus]string{
	model.DeskDraft: "Draft", model.DeskScheduled: "Scheduled",
	model.DeskPublished: "Published", model.DeskUnpublished: "Unpublished",
}

// handleDeskList lists the desk's articles, the last changed first,
// optionally of one status (?status=); authors see their own.
func (s *server) handleDeskList(w http.ResponseWriter, r *http.Request, rq *request) error {
	q := r.URL.Query()
	f := store.DeskFilter{Limit: 30, Cursor: q.Get("cursor")}
	if v := q.Get("status"); v != "" {
		st, err := model.ParseDeskStatus(v)
		if err != nil {
			return badRequest("There is no article status %q: choose draft, scheduled, published or unpublished.", v)
		}
		f.Status = st
	}
	page := deskListPage{Status: f.Status, Mine: !rq.user.Role.CanEdit()}
	if page.Mine {
		f.AuthorID = rq.user.ID
	}
	counts, err := s.st.CountDeskArticles(r.Context(), f.AuthorID)
	if err != nil {
		return err
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	page.Tabs = append(page.Tabs, deskTab{Label: "All", URL: "/admin/articles", Count: total, Current: f.Status == ""})
	for _, st := range model.DeskStatuses {
		page.Tabs = append(page.Tabs, deskTab{Label: statusLabels[st], URL: "/admin/articles?status=" + string(st),
			Count: counts[st], Current: f.Status == st})
	}
	items, next, err := s.st.ListDeskArticles(r.Context(), f)
	if err != nil {
		return err
	}
	for _, d := range items {
		row := deskRow{ID: d.ID, Title: d.Title, Author: firstNonEmpty(d.Author, "(deleted account)"), Status: d.Status,
			StatusLabel: statusLabels[d.Status], EditURL: "/admin/articles/" + strconv.FormatInt(d.ID, 10) + "/edit"}
		if !d.PublishAt.IsZero() && (d.Status == model.DeskScheduled || d.Status == model.DeskPublished) {
			row.When, row.WhenISO = s.formatTime(d.PublishAt)
		}
		row.Updated, row.UpdatedISO = s.formatTime(d.Updated)
		if d.Status == model.DeskPublished && d.ArticleID != 0 && s.articleURL != nil {
			// The permalink's date is the publication day in the site's zone.
			row.PublicURL = s.articleURL(model.Article{Slug: d.Slug, PublishedAt: d.PublishAt})
		}
		page.Rows = append(page.Rows, row)
	}
	if next != "" {
		nq := url.Values{"cursor": {next}}
		if f.Status != "" {
			nq.Set("status", string(f.Status))
		}
		page.Next = "/admin/articles?" + nq.Encode()
	}
	return s.render(w, r, http.StatusOK, "desk_list", view{Frame: rq.frame("Articles", "articles"), Page: page})
}
