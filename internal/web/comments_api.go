package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
)

// commentsJSON is the answer of /api/v1/articles/{id}/comments: one page
// of the article's approved threads, in the site's order, each
// top-level comment followed by its replies.
type commentsJSON struct {
	ArticleID int64         `json:"article_id"`
	Total     int           `json:"total"`   // approved comments, replies included
	Threads   int           `json:"threads"` // approved top-level comments
	Page      int           `json:"page"`
	Pages     int           `json:"pages"`
	PerPage   int           `json:"per_page"` // threads a page
	Order     string        `json:"order"`    // "oldest" or "newest" first
	Closed    bool          `json:"closed"`   // the article takes no more comments
	Items     []commentJSON `json:"items"`
	NextPage  *int          `json:"next_page"` // null on the last page
}

// commentJSON is one public comment. It has no field for the email
// address, the client's address, the user agent or the moderation
// reason: those are for moderators only.
type commentJSON struct {
	ID        int64  `json:"id"`
	ParentID  *int64 `json:"parent_id"` // null for a top-level comment
	Depth     int    `json:"depth"`
	Name      string `json:"name"`
	Website   string `json:"website"`
	Body      string `json:"body"`      // the text as typed
	BodyHTML  string `json:"body_html"` // as the page shows it: escaped, with paragraphs and links
	CreatedAt string `json:"created_at"`
	URL       string `json:"url"` // the comment on its article page
}

// apiComments answers one page (page=N, default 1) of an article's
// approved comments.
func (s *server) apiComments(r *http.Request) (any, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, badRequest("article id must be a positive whole number")
	}
	page := 1
	if raw := r.URL.Query().Get("page"); raw != "" {
		page, err = strconv.Atoi(raw)
		if err != nil || page < 1 {
			return nil, badRequest("page must be a whole number from 1")
		}
	}
	a, err := s.publicArticle(r.Context(), id)
	if err != nil {
		return nil, notFoundAs(err, fmt.Sprintf("no article %d", id))
	}
	d, err := s.discussion.get(r.Context())
	if err != nil {
		return nil, err
	}
	out := commentsJSON{
		ArticleID: a.ID,
		Total:     a.Comments,
		Page:      page,
		PerPage:   d.PerPage,
		Order:     "oldest",
		Closed:    commentsClosed(a, d.Policy, s.now()),
		Items:     []commentJSON{},
	}
	if d.NewestFirst {
		out.Order = "newest"
	}
	var list []model.Comment
	if a.Comments > 0 {
		if list, out.Threads, err = s.store.Thread(r.Context(), a.ID, page, d.PerPage, d.NewestFirst); err != nil {
			return nil, err
		}
	}
	out.Pages = max(1, (out.Threads+d.PerPage-1)/d.PerPage)
	if page < out.Pages {
		next := page + 1
		out.NextPage = &next
	}
	for _, c := range list {
		j := commentJSON{
			ID:        c.ID,
			Depth:     c.Depth,
			Name:      displayName(c.Name),
			Website:   webAddress(c.Website),
			Body:      c.Body,
			BodyHTML:  string(comments.RenderBody(c.Body)),
			CreatedAt: c.Created.UTC().Format(time.RFC3339),
			URL:       s.absURL(s.commentURL(a, page, c.ID)),
		}
		if c.ParentID != 0 {
			parent := c.ParentID
			j.ParentID = &parent
		}
		out.Items = append(out.Items, j)
	}
	return out, nil
}
