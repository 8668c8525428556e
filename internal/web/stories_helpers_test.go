package web_test

import (
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/web"
)

// hostileName is an entity name a page must print as text.
const hostileName = `Evil <script>alert("x")</script> Corp`

// storyWorld is the clustered news the story tests read:
//
// Story 1, "the bridge", covered by four outlets:
//
//	bridge     Harbor Wire    3h before published   the first report
//	lead       Valley Ledger  2h before             the lead, with a credited photo
//	coastCopy  Coast Daily    1h before             republishes bridge's text
//	metroCopy  Metro Post     30m before            republishes bridge's text
//	coastOwn   Coast Daily    90m before            folded in from story 3
//	repairs    Valley Ledger  at published          in another section
//
// Story 2 is Harbor Wire's festival, one outlet only. Story 3 was folded
// into story 1.
type storyWorld struct {
	harbor, valley, coast, metro                         model.Source
	bridge, lead, coastCopy, metroCopy, coastOwn, repair model.Article
	festival                                             model.Article
}

func seedStoryWorld(f *fixture) storyWorld {
	f.t.Helper()
	var w storyWorld
	w.harbor = f.addSource("Harbor Wire")
	w.valley = f.addSource("Valley Ledger")
	w.coast = f.addSource("Coast Daily")
	w.metro = f.addSource("Metro Post")

	bridge := article("Bridge closes after storm", "World", published.Add(-3*time.Hour))
	festival := article("Harbor festival opens", "Culture", published.Add(-5*time.Hour))
	festival.ImageURL = "https://img.example.com/festival.jpg"
	lead := article("Storm shuts the old bridge", "World", published.Add(-2*time.Hour))
	lead.ImageURL = "https://img.example.com/bridge.jpg"
	lead.ImageCredit = "Ana Ruiz"
	repair := article("Bridge repairs to take weeks", "Business", published)
	coastCopy := article("Bridge closes after the storm", "World", published.Add(-time.Hour))
	coastOwn := article("Coast road closed too", "World", published.Add(-90*time.Minute))
	metroCopy := article("Storm closes bridge", "World", published.Add(-30*time.Minute))

	h := f.save(w.harbor.ID, bridge, festival)
	w.bridge, w.festival = h[0], h[1]
	v := f.save(w.valley.ID, lead, repair)
	w.lead, w.repair = v[0], v[1]
	c := f.save(w.coast.ID, coastCopy, coastOwn)
	w.coastCopy, w.coastOwn = c[0], c[1]
	w.metroCopy = f.save(w.metro.ID, metroCopy)[0]

	bridgeTags := []store.EntityMention{
		{Name: "Lunmere Bridge", Kind: model.EntityPlace, Count: 3},
		{Name: hostileName, Kind: model.EntityOrg, Count: 1},
	}
	f.apply(
		store.StoryAssignment{ArticleID: w.festival.ID, StoryID: 2},
		store.StoryAssignment{ArticleID: w.coastOwn.ID, StoryID: 3},
	)
	f.apply(
		store.StoryAssignment{ArticleID: w.bridge.ID, StoryID: 1, Entities: bridgeTags},
		store.StoryAssignment{ArticleID: w.lead.ID, StoryID: 1, Lead: w.lead.ID, Entities: bridgeTags[:1]},
		store.StoryAssignment{ArticleID: w.coastCopy.ID, StoryID: 1, DupOf: w.bridge.ID},
		store.StoryAssignment{ArticleID: w.metroCopy.ID, StoryID: 1, DupOf: w.bridge.ID},
		store.StoryAssignment{ArticleID: w.repair.ID, StoryID: 1, Merged: []int64{3}},
	)
	for _, a := range []*model.Article{&w.bridge, &w.lead, &w.coastCopy, &w.metroCopy, &w.coastOwn, &w.repair, &w.festival} {
		*a = f.reload(a.ID)
	}
	return w
}

// apply stores clustering decisions.
func (f *fixture) apply(batch ...store.StoryAssignment) {
	f.t.Helper()
	if err := f.store.ApplyClustering(f.t.Context(), batch); err != nil {
		f.t.Fatalf("ApplyClustering: %v", err)
	}
}

// reload reads an article as stored now.
func (f *fixture) reload(id int64) model.Article {
	f.t.Helper()
	a, err := f.store.GetArticle(f.t.Context(), id)
	if err != nil {
		f.t.Fatalf("GetArticle(%d): %v", id, err)
	}
	return a
}

// permalink is an article's path on the test site.
func permalink(a model.Article) string {
	return web.Permalink(a, newYork)
}
