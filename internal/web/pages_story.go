package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/newsdesk/newsdesk/internal/model"
)

// storyPage is the data of the story template: "Full coverage" of one
// event, every outlet's report side by side.
type storyPage struct {
	ID          int64
	Title       string // the lead article's headline
	Excerpt     string
	LeadURL     string // the lead article's permalink; empty when it is gone
	LeadSource  string
	Image       string
	PhotoCredit string
	// Count reads "5 articles from 3 sources".
	Count string
	// Independent reads "2 independent reports" when some outlets only
	// republished another's text, else it is empty.
	Independent string
	First       report // who reported first
	Updated     stamp
	Sources     []storySource
	Timeline    []report
	Categories  []link
	Entities    []entityTag
	FeedRSS     string
	FeedAtom    string
}

// report is one article in a story's coverage.
type report struct {
	ID           int64
	Title        string
	URL          string // the permalink on this site
	OriginalURL  string // the outlet's own page
	OriginalHost string
	Source       string
	SourceURL    string
	Date         stamp
	// Also are the outlets that republished this report's text.
	Also []report
}

// storySource is one outlet's share of a story.
type storySource struct {
	Name     string
	URL      string // the source's page; empty for the newsroom's own
	Articles int
	First    stamp
}

// link is a labelled address.
type link struct {
	Name, URL string
}

// handleStory serves /story/{id}. A story folded into another answers
// 301 with the survivor's address, so old links keep working.
func (s *server) handleStory(w http.ResponseWriter, r *http.Request) error {
	st, err := s.storyFromPath(r)
	if err != nil {
		return err
	}
	if to := movedStory(r.PathValue("id"), st); to != 0 {
		http.Redirect(w, r, storyPath(to), http.StatusMovedPermanently)
		return nil
	}
	ctx := r.Context()
	cov, err := s.loadCoverage(ctx, st)
	if err != nil {
		return err
	}
	srcs, err := s.store.StorySources(ctx, st.ID)
	if err != nil {
		return fmt.Errorf("web: sources of story %d: %w", st.ID, err)
	}
	ents, err := s.store.StoryEntities(ctx, st.ID, storyEntityTags)
	if err != nil {
		return fmt.Errorf("web: entities of story %d: %w", st.ID, err)
	}
	p := s.storyPage(cov, srcs, ents)
	path := storyPath(st.ID)
	fr := s.frame(r, path, "Full coverage: "+p.Title)
	fr.Description, fr.Image = st.Excerpt, s.absolute(st.ImageURL)
	fr.Feeds = storyFeedLinks(st.ID, p.Title)
	return s.render(w, r, http.StatusOK, "story", view{fr, p})
}

func (s *server) storyPage(cov coverage, srcs []model.StorySource, ents []model.Entity) storyPage {
	st := cov.Story
	path := storyPath(st.ID)
	p := storyPage{
		ID:       st.ID,
		Title:    storyTitle(st),
		Excerpt:  st.Excerpt,
		Image:    st.ImageURL,
		Count:    plural(st.Articles, "article", "articles") + " from " + plural(st.Sources, "source", "sources"),
		Updated:  s.stamp(st.LastPublished),
		Entities: s.entityTags(ents),
		FeedRSS:  path + "/feed.rss",
		FeedAtom: path + "/feed.atom",
	}
	if st.Independent > 0 && st.Independent < st.Sources {
		p.Independent = plural(st.Independent, "independent report", "independent reports")
	}
	if lead, ok := cov.article(st.LeadArticleID); ok {
		p.LeadURL, p.LeadSource = s.permalink(lead), lead.SourceName
	}
	p.PhotoCredit = st.ImageCredit
	for _, a := range cov.Articles {
		if p.PhotoCredit == "" && a.ImageURL == st.ImageURL && st.ImageURL != "" {
			p.PhotoCredit = a.SourceName // as on the article page: credit the outlet
		}
	}
	p.First = report{Source: st.FirstSource, Date: s.stamp(st.FirstPublished)}
	if first, ok := cov.article(st.FirstArticleID); ok {
		p.First = s.report(first)
		p.First.Source = firstNonEmpty(st.FirstSource, first.SourceName)
	}
	for _, ss := range srcs {
		item := storySource{Name: ss.Name, Articles: ss.Articles, First: s.stamp(ss.First)}
		if ss.SourceID > 0 {
			item.URL = "/source/" + strconv.FormatInt(ss.SourceID, 10)
		}
		p.Sources = append(p.Sources, item)
	}
	for _, rc := range cov.originals() {
		rep := s.report(rc.Article)
		for _, c := range rc.Copies {
			rep.Also = append(rep.Also, s.report(c))
		}
		p.Timeline = append(p.Timeline, rep)
	}
	p.Categories = storyCategories(cov.Articles)
	return p
}

func (s *server) report(a model.Article) report {
	r := report{
		ID:           a.ID,
		Title:        a.Title,
		URL:          s.permalink(a),
		OriginalURL:  a.URL,
		OriginalHost: hostOf(a.URL),
		Source:       firstNonEmpty(a.SourceName, a.Credit, hostOf(a.URL)),
		Date:         s.stamp(a.PublishedAt),
	}
	if a.SourceID > 0 {
		r.SourceURL = "/source/" + strconv.FormatInt(a.SourceID, 10)
	}
	return r
}

// storyTitle is a story's headline, even when its lead article is gone.
func storyTitle(st model.Story) string {
	if st.Title != "" {
		return st.Title
	}
	return "Story " + strconv.FormatInt(st.ID, 10)
}

// storyCategories lists the sections a story's articles were filed in,
// the most used first.
func storyCategories(arts []model.Article) []link {
	type section struct {
		link
		n int
	}
	at := map[string]int{}
	var secs []section
	for _, a := range arts {
		if a.CategorySlug == "" {
			continue
		}
		i, ok := at[a.CategorySlug]
		if !ok {
			i = len(secs)
			at[a.CategorySlug] = i
			secs = append(secs, section{link: link{a.Category, "/category/" + a.CategorySlug}})
		}
		secs[i].n++
	}
	slices.SortStableFunc(secs, func(x, y section) int { return cmp.Compare(y.n, x.n) })
	out := make([]link, 0, len(secs))
	for _, sec := range secs {
		out = append(out, sec.link)
	}
	return out
}

// storyFeedLinks are the feeds a story page announces.
func storyFeedLinks(id int64, title string) []feedLink {
	path := storyPath(id)
	return []feedLink{
		{Type: "application/rss+xml", Title: "Full coverage: " + title + " (RSS)", Href: path + "/feed.rss"},
		{Type: "application/atom+xml", Title: "Full coverage: " + title + " (Atom)", Href: path + "/feed.atom"},
		{Type: "application/feed+json", Title: "Full coverage: " + title + " (JSON Feed)", Href: path + "/feed.json"},
	}
}
