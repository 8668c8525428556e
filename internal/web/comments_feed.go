package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// feedItems is how many comments a comment feed carries, newest first.
const feedItems = 50

// handleCommentLink redirects a comment's stable address, /comments/ID,
// to the page of its article that shows it, or answers 404 for a comment
// that is not public.
func (s *server) handleCommentLink(w http.ResponseWriter, r *http.Request) error {
	id := positiveID(r.PathValue("id"))
	if id == 0 {
		return errNotFound
	}
	d, err := s.discussion.get(r.Context())
	if err != nil {
		return err
	}
	page, err := s.store.CommentPage(r.Context(), id, d.PerPage, d.NewestFirst)
	if err != nil {
		return err // ErrNotFound for a comment that is missing or not approved
	}
	c, err := s.store.GetComment(r.Context(), id)
	if err != nil {
		return err
	}
	a, err := s.publicArticle(r.Context(), c.ArticleID)
	if err != nil {
		return err
	}
	http.Redirect(w, r, s.commentURL(a, page, id), http.StatusFound)
	return nil
}

// commentEntry is a comment as a feed entry.
func (s *server) commentEntry(c model.Comment, articleTitle string) feedEntry {
	name := displayName(c.Name)
	return feedEntry{
		Title:     "Comment on " + articleTitle + " by " + name,
		Link:      s.absURL("/comments/" + strconv.FormatInt(c.ID, 10)),
		Published: c.Created,
		Author:    name,
		HTML:      string(comments.RenderBody(c.Body)),
	}
}

// siteCommentFeed reads the newest approved comments of the whole site.
func (s *server) siteCommentFeed(r *http.Request, self string) (feed, error) {
	list, _, err := s.store.ListComments(r.Context(), store.CommentFilter{Status: model.CommentApproved, Limit: feedItems})
	if err != nil {
		return feed{}, fmt.Errorf("web: comment feed: %w", err)
	}
	f := feed{
		Title:    "Comments on " + s.settings().Name,
		SiteLink: s.absURL("/"),
		SelfLink: s.absURL(self),
		Updated:  s.now(),
	}
	hidden := map[int64]bool{} // comments on articles an editor hid stay out
	for _, c := range list {
		h, ok := hidden[c.ArticleID]
		if !ok {
			a, err := s.store.GetArticle(r.Context(), c.ArticleID)
			h = err == nil && a.Hidden
			hidden[c.ArticleID] = h
		}
		if !h {
			f.Entries = append(f.Entries, s.commentEntry(c, c.ArticleTitle))
		}
	}
	if len(list) > 0 {
		f.Updated = list[0].Created
	}
	return f, nil
}

// articleCommentFeed reads the newest approved comments of the article
// a permalink names; a wrong date or a former slug redirects like the
// article page.
func (s *server) articleCommentFeed(w http.ResponseWriter, r *http.Request, ext string) (feed, bool, error) {
	if !isDatePath(r.PathValue("yyyy"), r.PathValue("mm"), r.PathValue("dd")) {
		return feed{}, false, errNotFound
	}
	a, err := s.articleAt(r.Context(), r.PathValue("slug"))
	if err != nil {
		return feed{}, false, err
	}
	path := s.permalink(a)
	if want := path + "comments." + ext; r.URL.EscapedPath() != want {
		http.Redirect(w, r, want, http.StatusMovedPermanently)
		return feed{}, false, nil
	}
	list, _, err := s.store.ListComments(r.Context(), store.CommentFilter{
		Status: model.CommentApproved, ArticleID: a.ID, Limit: feedItems,
	})
	if err != nil {
		return feed{}, false, fmt.Errorf("web: comment feed of article %d: %w", a.ID, err)
	}
	f := feed{
		Title:    "Comments on: " + a.Title,
		SiteLink: s.absURL(path),
		SelfLink: s.absURL(path + "comments." + ext),
		Updated:  a.PublishedAt,
	}
	for _, c := range list {
		f.Entries = append(f.Entries, s.commentEntry(c, a.Title))
	}
	if len(list) > 0 {
		f.Updated = list[0].Created
	}
	return f, true, nil
}

func (s *server) handleSiteCommentsRSS(w http.ResponseWriter, r *http.Request) error {
	f, err := s.siteCommentFeed(r, "/comments/feed.rss")
	if err != nil {
		return err
	}
	return s.writeFeed(w, r, rssType, rssOf(f))
}

func (s *server) handleSiteCommentsAtom(w http.ResponseWriter, r *http.Request) error {
	f, err := s.siteCommentFeed(r, "/comments/feed.atom")
	if err != nil {
		return err
	}
	return s.writeFeed(w, r, atomType, atomOf(f))
}

func (s *server) handleArticleCommentsRSS(w http.ResponseWriter, r *http.Request) error {
	f, ok, err := s.articleCommentFeed(w, r, "rss")
	if err != nil || !ok {
		return err
	}
	return s.writeFeed(w, r, rssType, rssOf(f))
}

func (s *server) handleArticleCommentsAtom(w http.ResponseWriter, r *http.Request) error {
	f, ok, err := s.articleCommentFeed(w, r, "atom")
	if err != nil || !ok {
		return err
	}
	return s.writeFeed(w, r, atomType, atomOf(f))
}

// articleFeedLinks are the comment feeds an article page announces.
func (s *server) articleFeedLinks(a model.Article) []feedLink {
	path := s.permalink(a)
	return []feedLink{
		{Type: "application/rss+xml", Title: "Comments on “" + a.Title + "” (RSS)", Href: path + "comments.rss"},
		{Type: "application/atom+xml", Title: "Comments on “" + a.Title + "” (Atom)", Href: path + "comments.atom"},
	}
}
