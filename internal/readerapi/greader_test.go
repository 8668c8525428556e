package readerapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

type gSub struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	URL        string `json:"url"`
	HTMLURL    string `json:"htmlUrl"`
	IconURL    string `json:"iconUrl"`
	Categories []struct {
		ID, Label string
	} `json:"categories"`
}

type gCounts struct {
	Max    int `json:"max"`
	Counts []struct {
		ID     string `json:"id"`
		Count  int    `json:"count"`
		Newest string `json:"newestItemTimestampUsec"`
	} `json:"unreadcounts"`
}

type gRefs struct {
	Refs []struct {
		ID        string   `json:"id"`
		Streams   []string `json:"directStreamIds"`
		Timestamp string   `json:"timestampUsec"`
	} `json:"itemRefs"`
	Continuation string `json:"continuation"`
}

type gItems struct {
	ID    string `json:"id"`
	Items []struct {
		ID        string `json:"id"`
		Crawl     string `json:"crawlTimeMsec"`
		Timestamp string `json:"timestampUsec"`
		Published int64  `json:"published"`
		Title     string `json:"title"`
		Canonical []struct {
			Href string `json:"href"`
		} `json:"canonical"`
		Alternate []struct {
			Href string `json:"href"`
		} `json:"alternate"`
		Summary struct {
			Content string `json:"content"`
		} `json:"summary"`
		Author string `json:"author"`
		Origin struct {
			StreamID string `json:"streamId"`
			Title    string `json:"title"`
			HTMLURL  string `json:"htmlUrl"`
		} `json:"origin"`
		Categories []string `json:"categories"`
	} `json:"items"`
	Continuation string `json:"continuation"`
}

// gapp is a Google Reader client: signed in, with its write token.
type gapp struct {
	w    *world
	auth string
	t    string
}

func (g *gapp) get(t *testing.T, path string, form url.Values) (int, []byte) {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("output", "json")
	st, _, body := g.w.call(t, http.MethodGet, "/reader/api/0/"+path, form, "Authorization", "GoogleLogin auth="+g.auth)
	return st, body
}

func (g *gapp) post(t *testing.T, path string, form url.Values) (int, http.Header, []byte) {
	t.Helper()
	form.Set("T", g.t)
	return g.w.call(t, http.MethodPost, "/reader/api/0/"+path, form, "Authorization", "GoogleLogin auth="+g.auth)
}

// login signs in as an app does and fetches the write token.
func login(t *testing.T, w *world, email, secret string) *gapp {
	t.Helper()
	st, _, body := w.call(t, http.MethodPost, "/accounts/ClientLogin", url.Values{"Email": {email}, "Passwd": {secret}})
	wantStatus(t, "ClientLogin", st, body, http.StatusOK)
	g := &gapp{w: w}
	for line := range strings.Lines(string(body)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "Auth="); ok {
			g.auth = v
		}
	}
	if g.auth == "" || !strings.Contains(string(body), "SID=") {
		t.Fatalf("ClientLogin answered %q: no Auth", body)
	}
	st, body = g.get(t, "token", nil)
	wantStatus(t, "token", st, body, http.StatusOK)
	g.t = strings.TrimSpace(string(body))
	if len(g.t) < 20 {
		t.Fatalf("write token %q is too short", g.t)
	}
	return g
}

// unread returns the unread counts by stream ID.
func (g *gapp) unread(t *testing.T) map[string]int {
	t.Helper()
	st, body := g.get(t, "unread-count", nil)
	c := decode[gCounts](t, st, body)
	out := map[string]int{}
	for _, x := range c.Counts {
		out[x.ID] = x.Count
		if x.Count > 0 && x.Newest == "0" {
			t.Errorf("stream %s has %d unread and no newest timestamp", x.ID, x.Count)
		}
	}
	return out
}

// ids pages through a stream with continuations until the end.
func (g *gapp) ids(t *testing.T, form url.Values, n int) []int64 {
	t.Helper()
	var out []int64
	form.Set("n", strconv.Itoa(n))
	for range 100 {
		st, body := g.get(t, "stream/items/ids", form)
		refs := decode[gRefs](t, st, body)
		for _, r := range refs.Refs {
			id, err := strconv.ParseInt(r.ID, 10, 64)
			if err != nil || len(r.Streams) != 1 || !strings.HasPrefix(r.Streams[0], "feed/") || r.Timestamp == "" {
				t.Fatalf("bad item ref %+v", r)
			}
			out = append(out, id)
		}
		if len(refs.Refs) > n {
			t.Fatalf("page of %d refs for n=%d", len(refs.Refs), n)
		}
		if refs.Continuation == "" {
			return out
		}
		form.Set("c", refs.Continuation)
	}
	t.Fatal("continuations never ended")
	return nil
}

func TestGoogleReader_AppSession(t *testing.T) {
	eachStore(t, func(t *testing.T, w *world) {
		g := login(t, w, "reader@example.com", w.secret)

		st, body := g.get(t, "user-info", nil)
		if info := decode[map[string]string](t, st, body); info["userEmail"] != w.author.Email || info["userName"] != "Rea Der" {
			t.Fatalf("user-info %v", info)
		}
		st, body = g.get(t, "subscription/list", nil)
		subs := decode[struct{ Subscriptions []gSub }](t, st, body).Subscriptions
		byID := map[string]gSub{}
		for _, s := range subs {
			byID[s.ID] = s
		}
		feedA, feedB := fmt.Sprintf("feed/%d", w.srcA.ID), fmt.Sprintf("feed/%d", w.srcB.ID)
		if a := byID[feedA]; len(subs) != 3 || a.Title != "Alpha" || a.URL != w.srcA.FeedURL || a.HTMLURL != w.srcA.SiteURL ||
			a.IconURL != "https://alpha.example/favicon.ico" || len(a.Categories) != 1 || a.Categories[0].ID != "user/-/label/World" {
			t.Fatalf("subscriptions %+v", subs)
		}
		if own := byID["feed/0"]; own.Title != "The Daily Test" || own.HTMLURL != "https://news.example/" {
			t.Fatalf("the newsroom's own feed: %+v", own)
		}
		st, body = g.get(t, "tag/list", nil)
		if tags := string(body); st != http.StatusOK || !strings.Contains(tags, `"user/-/label/World"`) ||
			!strings.Contains(tags, `"user/-/label/Sports"`) || !strings.Contains(tags, "com.google/starred") {
			t.Fatalf("tag/list %d %s", st, tags)
		}

		counts := g.unread(t)
		want := map[string]int{"user/-/state/com.google/reading-list": len(w.all), feedA: len(w.a), feedB: len(w.b), "feed/0": 1,
			"user/-/label/World": len(w.a), "user/-/label/Sports": len(w.b)}
		for id, n := range want {
			if counts[id] != n {
				t.Fatalf("unread counts %v, want %v", counts, want)
			}
		}

		// Every unread item, three at a time, newest first; the hidden
		// one is nowhere.
		unread := g.ids(t, url.Values{"s": {"user/-/state/com.google/reading-list"}, "xt": {"user/-/state/com.google/read"}}, 3)
		if !slices.Equal(unread, w.all) {
			t.Fatalf("unread ids %v, want %v", unread, w.all)
		}
		oldest := g.ids(t, url.Values{"s": {feedA}, "r": {"o"}}, 2)
		if !slices.Equal(oldest, w.a) {
			t.Fatalf("feed A oldest first %v, want %v", oldest, w.a)
		}

		// Contents by long and short IDs, the hidden one asked for too.
		st, _, body = g.post(t, "stream/items/contents", url.Values{"i": {
			fmt.Sprintf("tag:google.com,2005:reader/item/%016x", w.a[0]), strconv.FormatInt(w.b[1], 10), strconv.FormatInt(w.hidden, 10)}})
		items := decode[gItems](t, st, body).Items
		if len(items) != 2 {
			t.Fatalf("contents of 3 IDs (one hidden): %d items: %s", len(items), body)
		}
		it := items[1]
		if it.ID != fmt.Sprintf("tag:google.com,2005:reader/item/%016x", w.a[0]) || it.Title != "Alpha report 0" ||
			it.Summary.Content != "<p>Body of Alpha report 0 &amp; more</p>" || it.Author != "Reporter Alpha" ||
			it.Origin.StreamID != feedA || it.Origin.Title != "Alpha" || it.Origin.HTMLURL != w.srcA.SiteURL ||
			it.Canonical[0].Href != "https://alpha.example/0" || it.Alternate[0].Href != "https://alpha.example/0" ||
			len(it.Crawl) != 13 || len(it.Timestamp) != 16 || it.Published == 0 ||
			!slices.Contains(it.Categories, "user/-/state/com.google/reading-list") || !slices.Contains(it.Categories, "user/-/label/World") ||
			slices.Contains(it.Categories, "user/-/state/com.google/read") {
			t.Fatalf("item %+v", it)
		}

		// Marking: without the write token it is refused.
		st, hdr, body := w.call(t, http.MethodPost, "/reader/api/0/edit-tag",
			url.Values{"i": {strconv.FormatInt(w.a[0], 10)}, "a": {"user/-/state/com.google/read"}}, "Authorization", "GoogleLogin auth="+g.auth)
		if st != http.StatusUnauthorized || hdr.Get("X-Reader-Google-Bad-Token") != "true" {
			t.Fatalf("edit-tag without T: %d %s", st, body)
		}
		st, _, body = g.post(t, "edit-tag", url.Values{"i": {strconv.FormatInt(w.a[0], 10), strconv.FormatInt(w.b[0], 10)},
			"a": {"user/-/state/com.google/read"}})
		wantStatus(t, "edit-tag read", st, body, http.StatusOK)
		st, _, body = g.post(t, "edit-tag", url.Values{"i": {fmt.Sprintf("tag:google.com,2005:reader/item/%016x", w.b[2])},
			"a": {"user/-/state/com.google/starred"}})
		wantStatus(t, "edit-tag starred", st, body, http.StatusOK)
		counts = g.unread(t)
		if counts["user/-/state/com.google/reading-list"] != len(w.all)-2 || counts[feedA] != len(w.a)-1 || counts[feedB] != len(w.b)-1 {
			t.Fatalf("unread counts after two read: %v", counts)
		}
		if got := g.ids(t, url.Values{"s": {"user/-/state/com.google/starred"}}, 10); !slices.Equal(got, []int64{w.b[2]}) {
			t.Fatalf("starred %v, want %v", got, w.b[2])
		}
		if got := g.ids(t, url.Values{"s": {"user/-/state/com.google/reading-list"}, "it": {"user/-/state/com.google/read"}}, 10); !slices.Equal(got, []int64{w.b[0], w.a[0]}) {
			t.Fatalf("read %v", got)
		}
		// Kept unread again through r=read.
		st, _, body = g.post(t, "edit-tag", url.Values{"i": {strconv.FormatInt(w.b[0], 10)}, "r": {"user/-/state/com.google/read"},
			"a": {"user/-/state/com.google/tracking-kept-unread"}})
		wantStatus(t, "edit-tag unread", st, body, http.StatusOK)
		if c := g.unread(t); c[feedB] != len(w.b) {
			t.Fatalf("feed B after marking unread: %v", c)
		}

		// The label's stream, in full, with the read state in categories.
		st, body = g.get(t, "stream/contents/"+url.PathEscape("user/-/label/World"), url.Values{"n": {"50"}})
		page := decode[gItems](t, st, body)
		if len(page.Items) != len(w.a) || page.Continuation != "" || !slices.Contains(page.Items[len(page.Items)-1].Categories, "user/-/state/com.google/read") {
			t.Fatalf("label World contents: %d items, continuation %q", len(page.Items), page.Continuation)
		}
		st, body = g.get(t, "stream/contents/"+url.PathEscape(feedB), url.Values{"n": {"2"}})
		p := decode[gItems](t, st, body)
		if len(p.Items) != 2 || p.Continuation == "" {
			t.Fatalf("feed B contents n=2: %d items, continuation %q", len(p.Items), p.Continuation)
		}
		st, body = g.get(t, "stream/contents", url.Values{"s": {feedB}, "n": {"2"}, "c": {p.Continuation}})
		if p2 := decode[gItems](t, st, body); len(p2.Items) != 2 || p2.Items[0].ID >= p.Items[1].ID {
			t.Fatalf("feed B contents, second page by s=: %+v after %s", p2.Items, p.Items[1].ID)
		}

		// Mark all as read: one feed up to now, then everything.
		st, _, body = g.post(t, "mark-all-as-read", url.Values{"s": {feedA}, "ts": {strconv.FormatInt(time.Now().UnixMicro(), 10)}})
		wantStatus(t, "mark feed A read", st, body, http.StatusOK)
		if c := g.unread(t); c[feedA] != 0 || c[feedB] != len(w.b) {
			t.Fatalf("after marking feed A read: %v", c)
		}
		st, _, body = g.post(t, "mark-all-as-read", url.Values{"s": {"user/-/state/com.google/reading-list"}})
		wantStatus(t, "mark all read", st, body, http.StatusOK)
		if c := g.unread(t); c["user/-/state/com.google/reading-list"] != 0 {
			t.Fatalf("after marking everything read: %v", c)
		}
		if got := g.ids(t, url.Values{"s": {"user/-/state/com.google/starred"}}, 10); !slices.Equal(got, []int64{w.b[2]}) {
			t.Fatalf("starred after mark-all-as-read %v", got)
		}
	})
}

func TestGoogleReader_RefusesBadInput(t *testing.T) {
	eachStore(t, func(t *testing.T, w *world) {
		g := login(t, w, w.author.Email, w.secret)
		for _, tc := range []struct {
			path string
			form url.Values
		}{
			{"stream/items/ids", url.Values{"s": {"user/-/state/com.google/reading-list"}, "n": {"many"}}},
			{"stream/items/ids", url.Values{"s": {"user/-/state/com.google/reading-list"}, "c": {"not-ours"}}},
			{"stream/items/ids", url.Values{"s": {"pop/topic/top"}}},
			{"stream/items/ids", url.Values{"s": {"feed/987654"}}},
			{"stream/items/ids", url.Values{"s": {"feed/https://nowhere.example/"}}},
			{"stream/items/ids", url.Values{"ot": {"yesterday"}}},
			{"stream/items/ids", url.Values{"r": {"sideways"}}},
			{"stream/items/ids", url.Values{"xt": {"user/-/label/World"}}},
			{"stream/items/ids", url.Values{"output": {"xml"}}},
		} {
			st, _, body := w.call(t, http.MethodGet, "/reader/api/0/"+tc.path+"?"+tc.form.Encode(), nil, "Authorization", "GoogleLogin auth="+g.auth)
			wantStatus(t, tc.path+" "+tc.form.Encode(), st, body, http.StatusBadRequest)
		}
		many := url.Values{}
		for i := range 1001 {
			many.Add("i", strconv.Itoa(i+1))
		}
		for _, tc := range []struct {
			path string
			form url.Values
		}{
			{"stream/items/contents", url.Values{"i": {"tag:google.com,2005:reader/item/zz"}}},
			{"stream/items/contents", url.Values{"i": {"-5"}}},
			{"stream/items/contents", url.Values{}},
			{"stream/items/contents", many},
			{"edit-tag", url.Values{"i": {"1"}, "a": {"user/-/label/Mine"}}},
			{"edit-tag", url.Values{"i": {"1"}, "a": {"user/-/state/com.google/read"}, "r": {"user/-/state/com.google/read"}}},
			{"mark-all-as-read", url.Values{"s": {"user/-/state/com.google/starred"}}},
			{"mark-all-as-read", url.Values{"s": {"user/-/state/com.google/reading-list"}, "ts": {"soon"}}},
			{"mark-all-as-read", url.Values{}},
		} {
			st, _, body := g.post(t, tc.path, tc.form)
			wantStatus(t, tc.path, st, body, http.StatusBadRequest)
		}
		// Asking for more than a page gives a page, not an error.
		st, body := g.get(t, "stream/items/ids", url.Values{"n": {"1000000"}})
		if refs := decode[gRefs](t, st, body); len(refs.Refs) != len(w.all) {
			t.Fatalf("n=1000000: %d refs", len(refs.Refs))
		}
		// An author cannot add or remove the newsroom's sources.
		st, _, body = g.post(t, "subscription/quickadd", url.Values{"quickadd": {"https://new.example/feed"}})
		wantStatus(t, "quickadd by an author", st, body, http.StatusForbidden)
		st, _, body = g.post(t, "subscription/edit", url.Values{"ac": {"unsubscribe"}, "s": {fmt.Sprintf("feed/%d", w.srcA.ID)}})
		wantStatus(t, "unsubscribe", st, body, http.StatusForbidden)
		if srcs, err := w.st.ListSources(t.Context()); err != nil || len(srcs) != 2 {
			t.Fatalf("sources after refused edits: %d, %v", len(srcs), err)
		}
		// Unknown calls are 404s.
		st, body = g.get(t, "preference/stream/list", nil)
		wantStatus(t, "unknown call", st, body, http.StatusNotFound)
	})
}

func TestGoogleReader_RefusesWrongCredentials(t *testing.T) {
	eachStore(t, func(t *testing.T, w *world) {
		apiToken := w.token(t, w.author, model.ScopeAPI)
		for name, form := range map[string]url.Values{
			"api-scope token": {"Email": {w.author.Email}, "Passwd": {apiToken}},
			"another's email": {"Email": {"someone@example.com"}, "Passwd": {w.secret}},
			"made-up token":   {"Email": {w.author.Email}, "Passwd": {"nd_" + strings.Repeat("A", 43)}},
		} {
			st, _, body := w.call(t, http.MethodPost, "/accounts/ClientLogin", form)
			wantStatus(t, name, st, body, http.StatusUnauthorized)
			if !strings.Contains(string(body), "Error=BadAuthentication") {
				t.Fatalf("%s: %s", name, body)
			}
		}
		st, _, body := w.call(t, http.MethodPost, "/accounts/ClientLogin", url.Values{"Email": {w.author.Email}})
		wantStatus(t, "no password", st, body, http.StatusBadRequest)
		for name, hdr := range map[string]string{"none": "", "api token": "GoogleLogin auth=" + apiToken, "bearer": "Bearer " + w.secret} {
			st, _, body := w.call(t, http.MethodGet, "/reader/api/0/subscription/list", nil, "Authorization", hdr)
			wantStatus(t, "Authorization "+name, st, body, http.StatusUnauthorized)
		}
		// A revoked token stops working at once.
		toks, err := w.tokens.List(t.Context(), w.author.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range toks {
			if tok.Scope == model.ScopeReader {
				if _, err := w.tokens.Revoke(t.Context(), tok.ID, w.author.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		st, _, body = w.call(t, http.MethodGet, "/reader/api/0/user-info", nil, "Authorization", "GoogleLogin auth="+w.secret)
		wantStatus(t, "revoked token", st, body, http.StatusUnauthorized)
		// Guessing on is throttled per client, even with a good token.
		good := w.token(t, w.author, model.ScopeReader)
		var last int
		for range 12 {
			last, _, body = w.call(t, http.MethodPost, "/accounts/ClientLogin", url.Values{"Email": {w.author.Email}, "Passwd": {"nd_wrong"}})
		}
		wantStatus(t, "the 12th wrong guess", last, body, http.StatusTooManyRequests)
		st, hdr, body := w.call(t, http.MethodPost, "/accounts/ClientLogin", url.Values{"Email": {w.author.Email}, "Passwd": {good}})
		if st != http.StatusTooManyRequests || hdr.Get("Retry-After") == "" {
			t.Fatalf("a good token from a locked client: %d %s (Retry-After %q)", st, body, hdr.Get("Retry-After"))
		}
	})
}
