package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"time"

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
	a, err := s.store.GetArticle(r.Context(), c.ArticleID)
	if err != nil {
		return err
	}
	http.Redirect(w, r, s.commentURL(a, page, id), http.StatusFound)
	return nil
}

// feedComment is a comment with what its feed entry needs.
type feedComment struct {
	model.Comment
	ArticleTitle string
	Link         string // the comment's stable address, absolute
}

// commentFeed is a comment feed's content, whatever its format.
type commentFeed struct {
	Title    string
	SiteLink string // the page the comments are on (the article, or the home page)
	SelfLink string
	Updated  time.Time
	Items    []feedComment
}

// siteCommentFeed reads the newest approved comments of the whole site.
func (s *server) siteCommentFeed(r *http.Request, self string) (commentFeed, error) {
	list, _, err := s.store.ListComments(r.Context(), store.CommentFilter{Status: model.CommentApproved, Limit: feedItems})
	if err != nil {
		return commentFeed{}, fmt.Errorf("web: comment feed: %w", err)
	}
	f := commentFeed{
		Title:    "Comments on " + s.site.Name,
		SiteLink: s.absURL("/"),
		SelfLink: s.absURL(self),
		Updated:  s.now(),
	}
	for _, c := range list {
		f.Items = append(f.Items, feedComment{Comment: c, ArticleTitle: c.ArticleTitle, Link: s.absURL("/comments/" + strconv.FormatInt(c.ID, 10))})
	}
	if len(list) > 0 {
		f.Updated = list[0].Created
	}
	return f, nil
}

// articleCommentFeed reads the newest approved comments of the article
// a permalink names; a wrong date redirects like the article page.
func (s *server) articleCommentFeed(w http.ResponseWriter, r *http.Request, ext string) (commentFeed, bool, error) {
	if !isDatePath(r.PathValue("yyyy"), r.PathValue("mm"), r.PathValue("dd")) {
		return commentFeed{}, false, errNotFound
	}
	a, err := s.store.GetArticleBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return commentFeed{}, false, err
	}
	path := s.permalink(a)
	if want := path + "comments." + ext; r.URL.EscapedPath() != want {
		http.Redirect(w, r, want, http.StatusMovedPermanently)
		return commentFeed{}, false, nil
	}
	list, _, err := s.store.ListComments(r.Context(), store.CommentFilter{
		Status: model.CommentApproved, ArticleID: a.ID, Limit: feedItems,
	})
	if err != nil {
		return commentFeed{}, false, fmt.Errorf("web: comment feed of article %d: %w", a.ID, err)
	}
	f := commentFeed{
		Title:    "Comments on: " + a.Title,
		SiteLink: s.absURL(path),
		SelfLink: s.absURL(path + "comments." + ext),
		Updated:  a.PublishedAt,
	}
	for _, c := range list {
		f.Items = append(f.Items, feedComment{Comment: c, ArticleTitle: a.Title, Link: s.absURL("/comments/" + strconv.FormatInt(c.ID, 10))})
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
	return s.writeFeed(w, r, "application/rss+xml; charset=utf-8", rssOf(f))
}

func (s *server) handleSiteCommentsAtom(w http.ResponseWriter, r *http.Request) error {
	f, err := s.siteCommentFeed(r, "/comments/feed.atom")
	if err != nil {
		return err
	}
	return s.writeFeed(w, r, "application/atom+xml; charset=utf-8", atomOf(f))
}

func (s *server) handleArticleCommentsRSS(w http.ResponseWriter, r *http.Request) error {
	f, ok, err := s.articleCommentFeed(w, r, "rss")
	if err != nil || !ok {
		return err
	}
	return s.writeFeed(w, r, "application/rss+xml; charset=utf-8", rssOf(f))
}

func (s *server) handleArticleCommentsAtom(w http.ResponseWriter, r *http.Request) error {
	f, ok, err := s.articleCommentFeed(w, r, "atom")
	if err != nil || !ok {
		return err
	}
	return s.writeFeed(w, r, "application/atom+xml; charset=utf-8", atomOf(f))
}

// writeFeed encodes a feed. encoding/xml escapes every text and replaces
// characters XML cannot hold (control characters, U+FFFE, U+FFFF) with
// U+FFFD, so the feed is well-formed whatever a comment contains.
func (s *server) writeFeed(w http.ResponseWriter, r *http.Request, contentType string, doc any) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("web: encode comment feed: %w", err)
	}
	buf.WriteByte('\n')
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
	return nil
}

// entryTitle is a comment entry's title.
func entryTitle(c feedComment) string {
	return "Comment on " + c.ArticleTitle + " by " + displayName(c.Name)
}

// RSS 2.0, with the commenter's name as dc:creator: RSS's own <author>
// must be an email address, which a comment feed never shows.

type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	DC      string     `xml:"xmlns:dc,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Self          rssSelf   `xml:"atom:link"`
	LastBuildDate string    `xml:"lastBuildDate"`
	Items         []rssItem `xml:"item"`
}

type rssSelf struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string  `xml:"title"`
	Link        string  `xml:"link"`
	GUID        rssGUID `xml:"guid"`
	PubDate     string  `xml:"pubDate"`
	Creator     string  `xml:"dc:creator"`
	Description string  `xml:"description"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

func rssOf(f commentFeed) rssDoc {
	doc := rssDoc{
		Version: "2.0",
		DC:      "http://purl.org/dc/elements/1.1/",
		Atom:    "http://www.w3.org/2005/Atom",
		Channel: rssChannel{
			Title:         f.Title,
			Link:          f.SiteLink,
			Description:   f.Title,
			Self:          rssSelf{Href: f.SelfLink, Rel: "self", Type: "application/rss+xml"},
			LastBuildDate: f.Updated.UTC().Format(time.RFC1123Z),
		},
	}
	for _, c := range f.Items {
		doc.Channel.Items = append(doc.Channel.Items, rssItem{
			Title:       entryTitle(c),
			Link:        c.Link,
			GUID:        rssGUID{IsPermaLink: "true", Value: c.Link},
			PubDate:     c.Created.UTC().Format(time.RFC1123Z),
			Creator:     displayName(c.Name),
			Description: string(comments.RenderBody(c.Body)),
		})
	}
	return doc
}

// Atom 1.0 (RFC 4287).

type atomDoc struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomEntry struct {
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Link      atomLink   `xml:"link"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Author    atomPerson `xml:"author"`
	Content   atomText   `xml:"content"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

func atomOf(f commentFeed) atomDoc {
	doc := atomDoc{
		Title:   f.Title,
		ID:      f.SelfLink,
		Updated: f.Updated.UTC().Format(time.RFC3339),
		Links: []atomLink{
			{Href: f.SelfLink, Rel: "self", Type: "application/atom+xml"},
			{Href: f.SiteLink, Rel: "alternate", Type: "text/html"},
		},
	}
	for _, c := range f.Items {
		when := c.Created.UTC().Format(time.RFC3339)
		doc.Entries = append(doc.Entries, atomEntry{
			Title:     entryTitle(c),
			ID:        c.Link,
			Link:      atomLink{Href: c.Link, Rel: "alternate", Type: "text/html"},
			Published: when,
			Updated:   when,
			Author:    atomPerson{Name: displayName(c.Name)},
			Content:   atomText{Type: "html", Body: string(comments.RenderBody(c.Body))},
		})
	}
	return doc
}

// articleFeedLinks are the comment feeds an article page announces.
func (s *server) articleFeedLinks(a model.Article) []feedLink {
	path := s.permalink(a)
	return []feedLink{
		{Type: "application/rss+xml", Title: "Comments on “" + a.Title + "” (RSS)", Href: path + "comments.rss"},
		{Type: "application/atom+xml", Title: "Comments on “" + a.Title + "” (Atom)", Href: path + "comments.atom"},
	}
}
