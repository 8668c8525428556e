package web

import (
	"context"
	"fmt"

	"github.com/newsdesk/newsdesk/internal/model"
)

// otherCoverageItems is how many other outlets' headlines an article
// page lists under "Also covered by".
const otherCoverageItems = 5

// articleCoverage is "Also covered by N sources" on an article page.
type articleCoverage struct {
	Others int    // outlets other than the article's own
	URL    string // the story's full coverage
	Items  []report
}

// addStory fills the parts of an article page that clustering provides:
// the other outlets covering its story, the outlets that republished its
// text, and the entities it mentions. An article clustering has not
// reached (StoryID 0) has none of them and costs no read. Otherwise the
// story comes from the story cache, and the article's own copies and
// entities are one small indexed read each; copies are only looked for
// when other outlets cover the story, and not for an article that is a
// copy itself.
func (s *server) addStory(ctx context.Context, a model.Article, p *articlePage) error {
	if a.StoryID == 0 {
		return nil
	}
	sum, err := s.stories.get(ctx, a.StoryID)
	if err != nil {
		return err
	}
	ents, err := s.store.ArticleEntities(ctx, a.ID)
	if err != nil {
		return fmt.Errorf("web: entities of article %d: %w", a.ID, err)
	}
	p.Entities = s.entityTags(ents)
	st := sum.Story
	if st.Sources < 2 {
		// One outlet (or a story gone): no one else covered it, and an
		// outlet republishing its own text is no news.
		return nil
	}
	isCopy := map[int64]bool{}
	if a.DupOf == 0 {
		// A copy's page names its original instead (addProvenance).
		copies, err := s.store.NearDuplicates(ctx, a.ID)
		if err != nil {
			return fmt.Errorf("web: copies of article %d: %w", a.ID, err)
		}
		for _, c := range copies {
			isCopy[c.ID] = true
			p.AlsoPublished = append(p.AlsoPublished, s.report(c))
		}
	}
	cov := &articleCoverage{Others: st.Sources - 1, URL: storyPath(st.ID)}
	// One headline per other outlet, the first each published, leaving
	// out the copies of this article already named above. Sources are
	// told apart by ID; the newsroom's own articles (no source, ID 0)
	// are one outlet.
	seen := map[int64]bool{a.SourceID: true}
	for _, o := range sum.First {
		if len(cov.Items) == otherCoverageItems {
			break
		}
		if o.ID == a.ID || isCopy[o.ID] || seen[o.SourceID] {
			continue
		}
		seen[o.SourceID] = true
		cov.Items = append(cov.Items, s.report(o))
	}
	p.Coverage = cov
	return nil
}

// shownIDs are the article and the others its page already links to
// under its story, which related articles need not repeat.
func (p *articlePage) shownIDs(id int64) []int64 {
	ids := []int64{id}
	if p.Original != nil {
		ids = append(ids, p.Original.ID)
	}
	for _, r := range p.AlsoPublished {
		ids = append(ids, r.ID)
	}
	if p.Coverage != nil {
		for _, r := range p.Coverage.Items {
			ids = append(ids, r.ID)
		}
	}
	return ids
}
