package browser_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// clusterLead gathers the lead article and two other outlets' reports
// into story 1, one of them a copy of the lead's text with an unbroken
// original address, and tags the lead with a long place name.
func clusterLead(t *testing.T, s *testSite) {
	t.Helper()
	ctx := t.Context()
	var ids []int64
	for i, name := range []string{"Valley Ledger", "Coast Daily Evening Edition"} {
		src, err := s.store.AddSource(ctx, model.Source{FeedURL: fmt.Sprintf("https://outlet-%d.example.com/feed.xml", i), Name: name})
		if err != nil {
			t.Fatalf("AddSource: %v", err)
		}
		a := article(fmt.Sprintf("%s reports the storm surge on the waterfront", name), "Weather", published.Add(time.Duration(i+1)*time.Hour))
		a.URL = "https://outlet.example.com/news/2024/06/21/storm-surge-on-the-waterfront-closes-the-outer-basin-overnight-" + fmt.Sprint(i)
		res, err := s.store.SaveArticles(ctx, src.ID, []model.Article{a})
		if err != nil || res.Inserted != 1 {
			t.Fatalf("SaveArticles = %+v, %v", res, err)
		}
		ids = append(ids, res.IDs[0])
	}
	err := s.store.ApplyClustering(ctx, []store.StoryAssignment{
		{ArticleID: s.lead.ID, StoryID: 1, Lead: s.lead.ID, Entities: []store.EntityMention{
			{Name: "Outer Basin Harbourmaster's Office of the Port Authority", Kind: model.EntityOrg, Count: 2},
		}},
		{ArticleID: ids[0], StoryID: 1},
		{ArticleID: ids[1], StoryID: 1, DupOf: s.lead.ID},
	})
	if err != nil {
		t.Fatalf("ApplyClustering: %v", err)
	}
}

func TestStory_PagesFitAPhoneAndRunClean(t *testing.T) {
	s := newTestSite(t)
	clusterLead(t, s)
	tab := openTab(t, startBrowser(t), beforePageScripts(recordCSPViolations))
	console := watchConsole(t, tab)
	if _, err := chromedp.Call(tab, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: phoneWidth, Height: 844, DeviceScaleFactor: 3, Mobile: true,
	}); err != nil {
		t.Fatalf("emulate a phone: %v", err)
	}
	for _, tc := range []struct{ name, path, shown string }{
		{"story", "/story/1", ".timeline-item .also-published"},
		{"article", s.leadPath, "section.full-coverage"},
		{"entity", "/entity/outer-basin-harbourmaster-s-office-of-the-port-authority", ".story-card"},
		{"home", "/", ".coverage-link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			do(t, tab, chromedp.Navigate(s.url+tc.path))
			if !visible(t, tab, tc.shown) {
				t.Errorf("%s is not visible", tc.shown)
			}
			type overflow struct {
				Viewport float64  `json:"viewport"`
				Scroll   float64  `json:"scroll"`
				Wide     []string `json:"wide"`
			}
			o := eval[overflow](t, tab, fmt.Sprintf("%s(%d)", overflowReport, phoneWidth))
			if o.Scroll > phoneWidth || o.Viewport > phoneWidth {
				t.Errorf("page scrolls sideways on a %d px phone: scrollWidth %v, innerWidth %v; too wide: %q",
					phoneWidth, o.Scroll, o.Viewport, o.Wide)
			}
			if v := eval[[]string](t, tab, `window.__cspViolations`); len(v) > 0 {
				t.Errorf("CSP violations: %q", v)
			}
		})
	}
	if errs := console.errors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}
