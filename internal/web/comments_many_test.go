package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/web"
)

// A thousand readers post at once, each from their own address with
// their own form, over ten articles: every comment is stored exactly
// once. The same thousand forms posted again store nothing.
func TestComments_ThousandConcurrentPostsStoredOnce(t *testing.T) {
	const n, articles = 1000, 10
	forEachBackend(t, func(t *testing.T, open func(testing.TB) store.Store) {
		c := newCommentSite(t, open(t), map[string]string{
			comments.KeyHoldFirst: "false",
			comments.KeyPerPage:   "10",
		}, func(o *webOptions) { o.SettingsTTL = time.Minute })
		arts := []model.Article{c.art}
		src := c.addSource("Crowd Wire")
		for i := 1; i < articles; i++ {
			arts = append(arts, c.save(src.ID, article(fmt.Sprintf("Crowded story %d", i), "World", published))[0])
		}
		c.openForm(c.path) // the site makes its form secret on first use
		forms := make([]*http.Request, 0, n)
		want := map[int64][]string{}
		for i := range n {
			a := arts[i%articles]
			hidden := map[string][]string{
				"article_id":     {fmt.Sprint(a.ID)},
				"comment_parent": {"0"},
				"comment_token":  {c.mintToken(a.ID)},
			}
			body := fmt.Sprintf("Comment number %d from the crowd.", i)
			want[a.ID] = append(want[a.ID], body)
			forms = append(forms, c.postRequest(fill(hidden, body, fmt.Sprintf("Reader %d", i),
				fmt.Sprintf("reader%d@example.com", i), ""), fmt.Sprintf("10.1.%d.%d", i/256, i%256)))
		}
		transport := &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 256}
		t.Cleanup(transport.CloseIdleConnections)
		client := &http.Client{Transport: transport, CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}
		postAll := func(round string, ok func(status int) bool) {
			t.Helper()
			start := make(chan struct{})
			var wg sync.WaitGroup
			errs := make(chan string, n)
			for i, req := range forms {
				wg.Go(func() {
					<-start
					req := req.Clone(t.Context())
					req.Body, _ = req.GetBody()
					resp, err := client.Do(req)
					if err != nil {
						errs <- fmt.Sprintf("%s post %d: %v", round, i, err)
						return
					}
					resp.Body.Close()
					if !ok(resp.StatusCode) {
						errs <- fmt.Sprintf("%s post %d: status %d", round, i, resp.StatusCode)
					}
				})
			}
			close(start)
			wg.Wait()
			close(errs)
			var all []string
			for e := range errs {
				all = append(all, e)
			}
			if len(all) > 0 {
				t.Fatalf("%d of %d posts failed, first: %s", len(all), n, all[0])
			}
		}
		check := func(round string) {
			t.Helper()
			for _, a := range arts {
				counts, err := c.store.CountComments(t.Context(), a.ID)
				if err != nil {
					t.Fatal(err)
				}
				per := n / articles
				if counts[model.CommentApproved] != per || counts[model.CommentPending]+counts[model.CommentSpam]+counts[model.CommentTrash] != 0 {
					t.Fatalf("%s: article %d stored %v, want %d approved", round, a.ID, counts, per)
				}
				stored, err := c.store.GetArticle(t.Context(), a.ID)
				if err != nil {
					t.Fatal(err)
				}
				if stored.Comments != per {
					t.Errorf("%s: article %d counts %d comments, want %d", round, a.ID, stored.Comments, per)
				}
				list, top, err := c.store.Thread(t.Context(), a.ID, 1, per, false)
				if err != nil || top != per {
					t.Fatalf("%s: thread of article %d: %d threads, %v", round, a.ID, top, err)
				}
				var got []string
				for _, cm := range list {
					got = append(got, cm.Body)
				}
				slices.Sort(got)
				exp := slices.Clone(want[a.ID])
				slices.Sort(exp)
				if !slices.Equal(got, exp) {
					t.Errorf("%s: article %d holds other comments than the %d posted, each once", round, a.ID, per)
				}
			}
		}
		postAll("first", func(s int) bool { return s == http.StatusSeeOther })
		check("first round")
		// The same forms again: a duplicate of a stored comment is refused
		// (409), or taken as the success it already was (303).
		postAll("second", func(s int) bool { return s == http.StatusConflict || s == http.StatusSeeOther })
		check("second round")
		last := web.Permalink(arts[articles-1], testSettings().Location) + "?cpage=10"
		if r := c.get(last); r.status != http.StatusOK {
			t.Errorf("the last page of a hundred threads = %d", r.status)
		}
	})
}
