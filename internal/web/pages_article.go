package web

import (
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
}

// handleArticle serves a permalink. The slug finds the article; the date
// only has to be right, and a wrong one (an old link after a correction
// of the publication time, a time-zone change) redirects for good.
func (s *server) handleArticle(w http.ResponseWriter, r *http.Request) error {
	if !isDatePath(r.PathValue("yyyy"), r.PathValue("mm"), r.PathValue("dd")) {
		return errNotFound
	}
	a, err := s.store.GetArticleBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	path := s.permalink(a)
	if r.URL.EscapedPath() != path {
		http.Redirect(w, r, path, http.StatusMovedPermanently)
		return nil
	}
	p := s.articlePage(a)
	if a.CategorySlug != "" {
		related, _, err := s.store.ListArticles(r.Context(), store.ArticleFilter{
			CategorySlug: a.CategorySlug,
			ExcludeIDs:   []int64{a.ID},
			Limit:        relatedItems,
		})
		if err != nil {
			return err
		}
		p.Related = s.cards(related)
	}
	fr := s.frame(r, path, a.Title)
	fr.Description, fr.Image = a.Excerpt, a.ImageURL
	return s.render(w, r, http.StatusOK, "article", view{fr, p})
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
	}
	if a.Kind != model.KindOriginal && a.URL != "" {
		p.CreditURL = a.URL
		p.CreditName = firstNonEmpty(a.Credit, a.SourceName, hostOf(a.URL))
	}
	p.Share = shareLinks(s.site.ShareTargets, p.ShareURL, a.Title)
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
