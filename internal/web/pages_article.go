package web

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// relatedItems is how many related articles follow an article.
const relatedItems = 4

// articlePage is the data of the article template.
type articlePage struct {
	Title       string
	Byline      string
	Date        stamp
	Image       string
	PhotoCredit string // caption after "Photo Credit: "; empty hides the caption
	Body        template.HTML
	CreditName  string // "Credit: <a href=CreditURL>CreditName</a>" for aggregated articles
	CreditURL   string
	Source      string
	SourceURL   string
	Category    string
	CategoryURL string
	ShareURL    string
	Share       []shareLink
	Related     []card
	// Coverage is "Also covered by N sources"; nil when no other
	// outlet covers the article's story.
	Coverage *articleCoverage
	// AlsoPublished are other outlets' copies of this article's text.
	AlsoPublished []report
	// Original is the other outlet's report this article republishes
	// ("Originally published by"); nil for original work.
	Original *report
	// Carriers are the sources whose feeds carried this very article,
	// the first one first ("Carried by A, B and C"); nil when only one
	// did.
	Carriers []carrier
	Entities []entityTag
	// CommentCount is the number of approved comments, linked to the
	// comments section.
	CommentCount int
	Comments     commentsSection
	originalParts
}

// handleArticle serves a permalink. The slug finds the article; the date
// only has to be right, and a wrong one (an old link after a correction
// of the publication time, a time-zone change) redirects for good, as
// does a slug the article had before an editor changed it.
//
// The comments section reads its own query parameters: cpage (a page of
// threads), replytocom (the form replies to that comment, for readers
// without JavaScript) and unapproved with hash (a commenter sees their
// own comment held for moderation).
func (s *server) handleArticle(w http.ResponseWriter, r *http.Request) error {
	if !isDatePath(r.PathValue("yyyy"), r.PathValue("mm"), r.PathValue("dd")) {
		return errNotFound
	}
	a, err := s.articleAt(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	path := s.permalink(a)
	if r.URL.EscapedPath() != path {
		if r.URL.RawQuery != "" {
			path += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, path, http.StatusMovedPermanently)
		return nil
	}
	view, err := parseCommentsQuery(r.URL.Query())
	if err != nil {
		return err
	}
	return s.renderArticle(w, r, a, view)
}

// articleAt finds the article a permalink's slug names: the one that has
// it now or, failing that, the one that had it before its slug changed,
// whose permalink then differs from the request's and redirects.
func (s *server) articleAt(ctx context.Context, slug string) (model.Article, error) {
	a, err := s.store.GetArticleBySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		return s.store.ArticleByFormerSlug(ctx, slug)
	}
	return a, err
}

// renderArticle renders an article page with its comments section as cv
// asks: the page a reader requested, or the page a comment form comes
// back on after a failed post.
func (s *server) renderArticle(w http.ResponseWriter, r *http.Request, a model.Article, cv commentsView) error {
	path := s.permalink(a)
	p := s.articlePage(a)
	if err := s.addStory(r.Context(), a, &p); err != nil {
		return err
	}
	if err := s.addProvenance(r.Context(), a, &p); err != nil {
		return err
	}
	if err := s.addOriginal(r.Context(), a, &p); err != nil {
		return err
	}
	if a.CategorySlug != "" {
		related, _, err := s.store.ListArticles(r.Context(), store.ArticleFilter{
			CategorySlug: a.CategorySlug,
			ExcludeIDs:   p.shownIDs(a.ID),
			Limit:        relatedItems,
		})
		if err != nil {
			return err
		}
		p.Related = s.cards(related)
	}
	section, err := s.commentsSection(r, a, cv)
	if err != nil {
		return err
	}
	p.Comments = section
	if section.Private {
		// A held comment shown to its author: for that reader only.
		w.Header().Set("Cache-Control", "private, no-store")
		w.Header().Set("X-Robots-Tag", "noindex")
	}
	fr := s.frame(r, path, a.Title)
	fr.Description = a.Excerpt
	if err := s.articleMeta(r.Context(), a, p, &fr); err != nil {
		return err
	}
	fr.Feeds = s.articleFeedLinks(a)
	status := cv.status
	if status == 0 {
		status = http.StatusOK
	}
	return s.render(w, r, status, "article", view{fr, p})
}

func (s *server) articlePage(a model.Article) articlePage {
	c := s.card(a)
	p := articlePage{
		Title:       a.Title,
		Byline:      a.Byline,
		Date:        c.Date,
		Image:       a.ImageURL,
		PhotoCredit: firstNonEmpty(a.ImageCredit, a.SourceName),
		// ContentHTML passed the ingest's sanitizer when it was stored;
		// it is shown exactly as stored, never altered after sanitizing.
		Body:        template.HTML(a.ContentHTML),
		Source:      c.Source,
		SourceURL:   c.SourceURL,
		Category:    c.Category,
		CategoryURL: c.CategoryURL,
		ShareURL:    s.absURL(c.URL),

		CommentCount: a.Comments,
	}
	if a.Kind != model.KindOriginal && a.URL != "" {
		p.CreditURL = a.URL
		p.CreditName = firstNonEmpty(a.Credit, a.SourceName, hostOf(a.URL))
	}
	p.Share = shareLinks(s.settings().ShareTargets, p.ShareURL, a.Title)
	return p
}

// isDatePath reports whether the permalink's date segments look like one.
func isDatePath(y, m, d string) bool {
	return len(y) == 4 && len(m) == 2 && len(d) == 2 && allDigits(y+m+d)
}

func allDigits(s string) bool {
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Hostname()
}
