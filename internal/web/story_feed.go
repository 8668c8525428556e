package web

import (
	"html"
	"net/http"
	"slices"
	"strings"

	"github.com/newsdesk/newsdesk/internal/model"
)

// A feed per story: /story/{id}/feed.rss, feed.atom and feed.json carry
// the story's reports, newest first, so a reader can follow one event
// as outlets pick it up. A republished copy is no entry of its own: its
// outlet is named in its original's entry, as on the story page.

func (s *server) handleStoryRSS(w http.ResponseWriter, r *http.Request) error {
	return s.serveStoryFeed(w, r, "rss")
}

func (s *server) handleStoryAtom(w http.ResponseWriter, r *http.Request) error {
	return s.serveStoryFeed(w, r, "atom")
}

func (s *server) serveStoryFeed(w http.ResponseWriter, r *http.Request, ext string) error {
	st, err := s.storyFromPath(r)
	if err != nil {
		return err
	}
	if to := movedStory(r.PathValue("id"), st); to != 0 {
		http.Redirect(w, r, storyPath(to)+"/feed."+ext, http.StatusMovedPermanently)
		return nil
	}
	cov, err := s.loadCoverage(r.Context(), st)
	if err != nil {
		return err
	}
	return s.serveFeedAs(w, r, ext, s.storyFeed(cov, ext))
}

// storyFeed builds a story's feed: its newest feedItems reports.
func (s *server) storyFeed(cov coverage, ext string) feed {
	path := storyPath(cov.Story.ID)
	f := feed{
		Title:    "Full coverage: " + storyTitle(cov.Story),
		SiteLink: s.absURL(path),
		SelfLink: s.absURL(path + "/feed." + ext),
		Updated:  cov.Story.LastPublished,
	}
	reports := cov.originals()
	slices.Reverse(reports)
	for _, rc := range reports[:min(len(reports), feedItems)] {
		a := rc.Article
		f.Entries = append(f.Entries, feedEntry{
			Title:     a.Title,
			Link:      s.absURL(s.permalink(a)),
			Published: a.PublishedAt,
			Author:    firstNonEmpty(a.SourceName, a.Credit, hostOf(a.URL)),
			HTML:      s.storyEntryHTML(rc),
		})
	}
	return f
}

// storyEntryHTML is an entry's content: the excerpt, who published the
// report with a link to their page, and who republished it. Every text
// is escaped here: excerpts are plain text.
func (s *server) storyEntryHTML(rc reportWithCopies) string {
	var b strings.Builder
	a := rc.Article
	if a.Excerpt != "" {
		b.WriteString("<p>" + html.EscapeString(a.Excerpt) + "</p>")
	}
	b.WriteString("<p>Published by " + outletHTML(a))
	if len(rc.Copies) > 0 {
		b.WriteString("; also published by ")
		for i, c := range rc.Copies {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(outletHTML(c))
		}
	}
	b.WriteString(".</p>")
	return b.String()
}

// outletHTML names an article's outlet, linked to its own page when the
// article came from elsewhere.
func outletHTML(a model.Article) string {
	name := html.EscapeString(firstNonEmpty(a.SourceName, a.Credit, hostOf(a.URL)))
	if a.URL == "" || !isWebURL(a.URL) {
		return name
	}
	return `<a href="` + html.EscapeString(a.URL) + `">` + name + `</a>`
}

// isWebURL reports whether raw is an http(s) address, the only kind a
// feed entry links to.
func isWebURL(raw string) bool {
	l := strings.ToLower(raw)
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}
