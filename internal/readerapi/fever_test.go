package readerapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
)

type feverAnswer struct {
	Version     int   `json:"api_version"`
	Auth        int   `json:"auth"`
	LastRefresh int64 `json:"last_refreshed_on_time"`
	Groups      []struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
	} `json:"groups"`
	FeedsGroups []struct {
		GroupID int64  `json:"group_id"`
		FeedIDs string `json:"feed_ids"`
	} `json:"feeds_groups"`
	Feeds []struct {
		ID        int64  `json:"id"`
		FaviconID int64  `json:"favicon_id"`
		Title     string `json:"title"`
		URL       string `json:"url"`
		SiteURL   string `json:"site_url"`
		IsSpark   int    `json:"is_spark"`
	} `json:"feeds"`
	Favicons []struct {
		ID   int64  `json:"id"`
		Data string `json:"data"`
	} `json:"favicons"`
	Items []struct {
		ID      int64  `json:"id"`
		FeedID  int64  `json:"feed_id"`
		Title   string `json:"title"`
		Author  string `json:"author"`
		HTML    string `json:"html"`
		URL     string `json:"url"`
		IsSaved int    `json:"is_saved"`
		IsRead  int    `json:"is_read"`
		Created int64  `json:"created_on_time"`
	} `json:"items"`
	Total  int              `json:"total_items"`
	Links  []map[string]any `json:"links"`
	Unread *string          `json:"unread_item_ids"`
	Saved  *string          `json:"saved_item_ids"`
}

// fever posts form with the api_key to /fever/?api&query, as Fever
// clients do.
func fever(t *testing.T, w *world, key, query string, form url.Values) (int, feverAnswer) {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if key != "" {
		form.Set("api_key", key)
	}
	path := "/fever/?api"
	if query != "" {
		path += "&" + query
	}
	st, hdr, body := w.call(t, http.MethodPost, path, form)
	if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("fever %s: Content-Type %q", query, ct)
	}
	var a feverAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatalf("fever %s: %v in %s", query, err, body)
	}
	if a.Version != 3 {
		t.Fatalf("fever %s: api_version %d", query, a.Version)
	}
	return st, a
}

// ids parses a comma-separated ID list.
func idList(t *testing.T, s *string) []int64 {
	t.Helper()
	if s == nil {
		t.Fatal("no ID list in the answer")
	}
	out := []int64{}
	if *s == "" {
		return out
	}
	for _, p := range strings.Split(*s, ",") {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			t.Fatalf("ID list %q: %v", *s, err)
		}
		out = append(out, id)
	}
	return out
}

func sorted(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

func TestFever_AppSession(t *testing.T) {
	eachStore(t, func(t *testing.T, w *world) {
		key := auth.FeverKey(w.author.Email, w.secret)
		st, a := fever(t, w, key, "", nil)
		if st != http.StatusOK || a.Auth != 1 || a.LastRefresh == 0 {
			t.Fatalf("auth: %d %+v", st, a)
		}

		_, a = fever(t, w, key, "groups", nil)
		groups := map[string]int64{}
		for _, g := range a.Groups {
			groups[g.Title] = g.ID
		}
		if len(groups) != 2 || groups["World"] == 0 || groups["Sports"] == 0 {
			t.Fatalf("groups %+v", a.Groups)
		}
		if len(a.FeedsGroups) != 1 || a.FeedsGroups[0].GroupID != groups["World"] || a.FeedsGroups[0].FeedIDs != strconv.FormatInt(w.srcA.ID, 10) {
			t.Fatalf("feeds_groups %+v", a.FeedsGroups)
		}
		_, a = fever(t, w, key, "feeds", nil)
		if len(a.Feeds) != 3 || a.Feeds[0].ID != 0 || a.Feeds[0].Title != "The Daily Test" || a.Feeds[1].ID != w.srcA.ID ||
			a.Feeds[1].URL != w.srcA.FeedURL || a.Feeds[1].SiteURL != w.srcA.SiteURL || a.Feeds[2].Title != "Beta" || len(a.FeedsGroups) != 1 {
			t.Fatalf("feeds %+v", a.Feeds)
		}
		icon := a.Feeds[0].FaviconID
		_, a = fever(t, w, key, "favicons", nil)
		if len(a.Favicons) != 1 || a.Favicons[0].ID != icon || !strings.HasPrefix(a.Favicons[0].Data, "image/gif;base64,") {
			t.Fatalf("favicons %+v for the feeds' favicon %d", a.Favicons, icon)
		}

		// Every item, fifty at a time after the highest seen, until an
		// empty page; the hidden article never comes.
		var got []int64
		var since int64
		for range 10 {
			_, a = fever(t, w, key, "items&since_id="+strconv.FormatInt(since, 10), nil)
			if a.Total != len(w.all) {
				t.Fatalf("total_items %d, want %d", a.Total, len(w.all))
			}
			if len(a.Items) == 0 {
				break
			}
			for _, it := range a.Items {
				got = append(got, it.ID)
				since = max(since, it.ID)
			}
		}
		if !slices.Equal(got, sorted(w.all)) {
			t.Fatalf("items by since_id %v, want %v", got, sorted(w.all))
		}
		_, a = fever(t, w, key, "items&with_ids="+fmt.Sprintf("%d,%d,%d", w.a[0], w.hidden, w.own), nil)
		if len(a.Items) != 2 {
			t.Fatalf("with_ids (one hidden): %+v", a.Items)
		}
		it := a.Items[1]
		if it.ID != w.a[0] || it.FeedID != w.srcA.ID || it.Title != "Alpha report 0" || it.Author != "Reporter Alpha" ||
			it.HTML != "<p>Body of Alpha report 0 &amp; more</p>" || it.URL != "https://alpha.example/0" || it.IsRead != 0 || it.Created == 0 {
			t.Fatalf("item %+v", it)
		}
		if a.Items[0].ID != w.own || a.Items[0].FeedID != 0 {
			t.Fatalf("the newsroom's item %+v", a.Items[0])
		}
		_, a = fever(t, w, key, "items&max_id=0", nil)
		if len(a.Items) != len(w.all) || a.Items[0].ID != w.all[0] {
			t.Fatalf("items with max_id=0: %d from %d, want the newest first", len(a.Items), a.Items[0].ID)
		}
		_, a = fever(t, w, key, "items&max_id="+strconv.FormatInt(w.all[1], 10), nil)
		if len(a.Items) != len(w.all)-2 || a.Items[0].ID != w.all[2] {
			t.Fatalf("items before max_id: %d from %d", len(a.Items), a.Items[0].ID)
		}

		_, a = fever(t, w, key, "unread_item_ids&saved_item_ids&links", nil)
		if u := idList(t, a.Unread); !slices.Equal(u, w.all) || len(idList(t, a.Saved)) != 0 || a.Links == nil {
			t.Fatalf("unread %v saved %v links %v", u, *a.Saved, a.Links)
		}

		// Marks, as a client sends them.
		mark := func(form url.Values) {
			t.Helper()
			if st, a := fever(t, w, key, "", form); st != http.StatusOK || a.Auth != 1 {
				t.Fatalf("mark %v: %d %+v", form, st, a)
			}
		}
		id := func(n int64) string { return strconv.FormatInt(n, 10) }
		mark(url.Values{"mark": {"item"}, "as": {"read"}, "id": {id(w.b[0])}})
		mark(url.Values{"mark": {"item"}, "as": {"saved"}, "id": {id(w.b[1])}})
		mark(url.Values{"mark": {"item"}, "as": {"saved"}, "id": {id(w.a[1])}})
		mark(url.Values{"mark": {"item"}, "as": {"unsaved"}, "id": {id(w.a[1])}})
		_, a = fever(t, w, key, "unread_item_ids&saved_item_ids", nil)
		if u := idList(t, a.Unread); len(u) != len(w.all)-1 || slices.Contains(u, w.b[0]) {
			t.Fatalf("unread after marking one read: %v", u)
		}
		if s := idList(t, a.Saved); !slices.Equal(s, []int64{w.b[1]}) {
			t.Fatalf("saved %v, want %v", s, w.b[1])
		}
		mark(url.Values{"mark": {"item"}, "as": {"unread"}, "id": {id(w.b[0])}})
		mark(url.Values{"mark": {"feed"}, "as": {"read"}, "id": {id(w.srcB.ID)}, "before": {id(time.Now().Unix())}})
		_, a = fever(t, w, key, "unread_item_ids", nil)
		if u := idList(t, a.Unread); !slices.Equal(sorted(u), sorted(slices.Concat(w.a, []int64{w.own}))) {
			t.Fatalf("unread after marking feed B read: %v", u)
		}
		mark(url.Values{"mark": {"group"}, "as": {"read"}, "id": {id(groups["World"])}, "before": {id(time.Now().Unix())}})
		_, a = fever(t, w, key, "unread_item_ids", nil)
		if u := idList(t, a.Unread); !slices.Equal(u, []int64{w.own}) {
			t.Fatalf("unread after marking group World read: %v", u)
		}
		// A "before" in the past leaves what came after unread; group 0
		// is everything.
		mark(url.Values{"mark": {"group"}, "as": {"read"}, "id": {"0"}, "before": {"1000"}})
		if _, a = fever(t, w, key, "unread_item_ids", nil); len(idList(t, a.Unread)) != 1 {
			t.Fatalf("unread after marking all read before 1970+1000s: %v", *a.Unread)
		}
		mark(url.Values{"mark": {"group"}, "as": {"read"}, "id": {"0"}})
		_, a = fever(t, w, key, "unread_item_ids&saved_item_ids&items&with_ids="+id(w.b[1]), nil)
		if len(idList(t, a.Unread)) != 0 || !slices.Equal(idList(t, a.Saved), []int64{w.b[1]}) ||
			len(a.Items) != 1 || a.Items[0].IsRead != 1 || a.Items[0].IsSaved != 1 {
			t.Fatalf("after marking everything read: unread %v saved %v items %+v", *a.Unread, *a.Saved, a.Items)
		}
	})
}

func TestFever_RefusesWrongKeysAndBadParams(t *testing.T) {
	eachStore(t, func(t *testing.T, w *world) {
		apiToken := w.token(t, w.author, model.ScopeAPI)
		for name, key := range map[string]string{
			"none":            "",
			"not hex":         "letmein",
			"made up":         strings.Repeat("ab", 16),
			"api-scope token": auth.FeverKey(w.author.Email, apiToken),
			"wrong email":     auth.FeverKey("other@example.com", w.secret),
		} {
			st, a := fever(t, w, key, "items&unread_item_ids", nil)
			if st != http.StatusOK || a.Auth != 0 || a.Items != nil || a.Unread != nil {
				t.Fatalf("key %s: %d %+v", name, st, a)
			}
		}
		key := auth.FeverKey(w.author.Email, w.secret)
		var fifty []string
		for i := range 51 {
			fifty = append(fifty, strconv.Itoa(i+1))
		}
		for name, tc := range map[string]struct {
			query string
			form  url.Values
		}{
			"51 with_ids":     {"items&with_ids=" + strings.Join(fifty, ","), nil},
			"bad with_ids":    {"items&with_ids=1,two", nil},
			"bad since_id":    {"items&since_id=-3", nil},
			"unknown mark":    {"", url.Values{"mark": {"story"}, "as": {"read"}, "id": {"1"}}},
			"unknown as":      {"", url.Values{"mark": {"item"}, "as": {"liked"}, "id": {"1"}}},
			"bad id":          {"", url.Values{"mark": {"item"}, "as": {"read"}, "id": {"x"}}},
			"feed as unread":  {"", url.Values{"mark": {"feed"}, "as": {"unread"}, "id": {"1"}}},
			"no such feed":    {"", url.Values{"mark": {"feed"}, "as": {"read"}, "id": {"98765"}}},
			"no such group":   {"", url.Values{"mark": {"group"}, "as": {"read"}, "id": {"98765"}}},
			"bad before":      {"", url.Values{"mark": {"feed"}, "as": {"read"}, "id": {"0"}, "before": {"noon"}}},
			"xml":             {"", url.Values{"api": {"xml"}}},
			"item id of zero": {"", url.Values{"mark": {"item"}, "as": {"read"}, "id": {"0"}}},
		} {
			if st, a := fever(t, w, key, tc.query, tc.form); st != http.StatusBadRequest {
				t.Fatalf("%s: %d %+v", name, st, a)
			}
		}
		// Marking an item that is hidden or missing changes nothing and is
		// no error; the hidden one stays out of every list.
		if st, _ := fever(t, w, key, "", url.Values{"mark": {"item"}, "as": {"saved"}, "id": {strconv.FormatInt(w.hidden, 10)}}); st != http.StatusOK {
			t.Fatalf("saving a hidden item: %d", st)
		}
		if _, a := fever(t, w, key, "saved_item_ids", nil); len(idList(t, a.Saved)) != 0 {
			t.Fatalf("saved after saving a hidden item: %v", *a.Saved)
		}
		// Many wrong keys lock the client out, good key or not.
		for range 11 {
			fever(t, w, strings.Repeat("cd", 16), "", nil)
		}
		if st, a := fever(t, w, key, "", nil); st != http.StatusTooManyRequests || a.Auth != 0 {
			t.Fatalf("a good key from a locked client: %d %+v", st, a)
		}
	})
}
