package web_test

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// hostileNames and hostileBodies are what a feed must carry as text
// whatever they hold: markup, CDATA ends, entities, and characters XML
// cannot hold at all.
var (
	hostileNames = []string{
		`</title><script>alert(1)</script>`,
		`]]><evil/>`,
		"Ctrl\x01\x08\x0b\x0c\x1b\x7f chars",
		"Non-characters \uFFFE\uFFFF and \u2028 separators",
		`Tom & "Jerry" <tj@example.com>`,
		"Zoë 🐱 عربي",
	}
	hostileBodies = []string{
		"</description><script>alert(1)</script>",
		"]]></content><entry><title>forged</title></entry>",
		"&amp; &lt;b&gt; &#x3C;script&#x3E; &nbsp;",
		"Bell\x07 escape\x1b[31m null-ish \x01 and \uFFFE\uFFFF",
		"Line one\r\nline two\n\nnew paragraph with https://example.org/?a=1&b=<2>",
		"<![CDATA[<img src=x onerror=alert(1)>]]>",
	}
)

// xmlText is what an XML reader gets back for s: characters XML 1.0
// cannot hold become U+FFFD (the Char production of XML 1.0, section 2.2).
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == 0x9 || r == 0xA || r == 0xD,
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return utf8.RuneError
	}, s)
}

type rssFeedDoc struct {
	Channel struct {
		Title string `xml:"title"`
		Link  string `xml:"link"`
		Items []struct {
			Title       string `xml:"title"`
			Link        string `xml:"link"`
			GUID        string `xml:"guid"`
			PubDate     string `xml:"pubDate"`
			Creator     string `xml:"http://purl.org/dc/elements/1.1/ creator"`
			Author      string `xml:"author"`
			Description string `xml:"description"`
		} `xml:"item"`
	} `xml:"channel"`
}

type atomFeedDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Entries []struct {
		Title string `xml:"title"`
		ID    string `xml:"id"`
		Link  struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Published string `xml:"published"`
		Author    struct {
			Name  string `xml:"name"`
			Email string `xml:"email"`
		} `xml:"author"`
		Content struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

// wellFormed reads every token of an XML document strictly.
func wellFormed(t *testing.T, name, body string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(body))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
	}
}

func TestComments_Feeds(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open func(testing.TB) store.Store) {
		c := newCommentSite(t, open(t), nil)
		ctx := t.Context()
		other := c.save(c.addSource("Other Wire").ID, article("Another <story> & more", "World", published))[0]
		const secretEmail = "feed.canary@leak.example"
		var want []model.Comment
		at := published.Add(time.Hour)
		// Plain comments first, so the article has more than a feed holds.
		for i := range 20 {
			cm, err := c.store.AddComment(ctx, model.Comment{ArticleID: c.art.ID, Name: fmt.Sprintf("Filler %d", i),
				Email: secretEmail, Body: fmt.Sprintf("Filler comment %d", i), Status: model.CommentApproved, Created: at})
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, cm)
			at = at.Add(time.Minute)
		}
		for i, name := range hostileNames {
			for j, body := range hostileBodies {
				cm, err := c.store.AddComment(ctx, model.Comment{
					ArticleID: c.art.ID, Name: name, Email: secretEmail, Website: "https://site.example/", Body: body,
					Status: model.CommentApproved, ClientIP: "198.51.100.1", UserAgent: "UA", Reason: "reason text", Created: at,
				})
				if err != nil {
					t.Fatalf("AddComment(%d,%d): %v", i, j, err)
				}
				want = append(want, cm)
				at = at.Add(time.Minute)
			}
		}
		for _, st := range []model.CommentStatus{model.CommentPending, model.CommentSpam, model.CommentTrash} {
			if _, err := c.store.AddComment(ctx, model.Comment{ArticleID: c.art.ID, Name: "Hidden", Email: secretEmail,
				Body: "not public " + string(st), Status: st, Created: at}); err != nil {
				t.Fatal(err)
			}
		}
		onOther, err := c.store.AddComment(ctx, model.Comment{ArticleID: other.ID, Name: "Elsewhere", Email: "x@example.com",
			Body: "On the other story", Status: model.CommentApproved, Created: at.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		slices.Reverse(want) // feeds are newest first

		for _, tc := range []struct {
			path, ctype string
			atom        bool
			items       []model.Comment
			titles      map[int64]string
		}{
			{c.path + "comments.rss", "application/rss+xml; charset=utf-8", false, want, nil},
			{c.path + "comments.atom", "application/atom+xml; charset=utf-8", true, want, nil},
			{"/comments/feed.rss", "application/rss+xml; charset=utf-8", false, append([]model.Comment{onOther}, want[:min(len(want), feedSize-1)]...), nil},
			{"/comments/feed.atom", "application/atom+xml; charset=utf-8", true, append([]model.Comment{onOther}, want[:min(len(want), feedSize-1)]...), nil},
		} {
			r := c.get(tc.path)
			if r.status != http.StatusOK || r.header.Get("Content-Type") != tc.ctype {
				t.Fatalf("%s = %d %q", tc.path, r.status, r.header.Get("Content-Type"))
			}
			wellFormed(t, tc.path, r.body)
			for _, leak := range []string{secretEmail, "198.51.100.1", "reason text", "not public", "<script", "<evil"} {
				if strings.Contains(r.body, leak) {
					t.Errorf("%s contains %q", tc.path, leak)
				}
			}
			limit := min(len(tc.items), feedSize)
			titleOf := func(cm model.Comment) string {
				article := c.art.Title
				if cm.ArticleID == other.ID {
					article = other.Title
				}
				return xmlText("Comment on " + article + " by " + cm.Name)
			}
			if tc.atom {
				var doc atomFeedDoc
				if err := xml.Unmarshal([]byte(r.body), &doc); err != nil {
					t.Fatalf("%s: %v", tc.path, err)
				}
				if len(doc.Entries) != limit {
					t.Fatalf("%s: %d entries, want %d", tc.path, len(doc.Entries), limit)
				}
				for i, e := range doc.Entries {
					cm := tc.items[i]
					link := "https://news.example.org/comments/" + strconv.FormatInt(cm.ID, 10)
					if e.Title != titleOf(cm) || e.ID != link || e.Link.Href != link || e.Author.Name != xmlText(cm.Name) ||
						e.Author.Email != "" || e.Content.Type != "html" || e.Content.Body != xmlText(string(comments.RenderBody(cm.Body))) ||
						e.Published != cm.Created.UTC().Format(time.RFC3339) {
						t.Errorf("%s entry %d = %+v, want comment %d", tc.path, i, e, cm.ID)
						break
					}
				}
				continue
			}
			var doc rssFeedDoc
			if err := xml.Unmarshal([]byte(r.body), &doc); err != nil {
				t.Fatalf("%s: %v", tc.path, err)
			}
			if len(doc.Channel.Items) != limit {
				t.Fatalf("%s: %d items, want %d", tc.path, len(doc.Channel.Items), limit)
			}
			for i, it := range doc.Channel.Items {
				cm := tc.items[i]
				link := "https://news.example.org/comments/" + strconv.FormatInt(cm.ID, 10)
				if it.Title != titleOf(cm) || it.Link != link || it.GUID != link || it.Creator != xmlText(cm.Name) ||
					it.Author != "" || it.Description != xmlText(string(comments.RenderBody(cm.Body))) {
					t.Errorf("%s item %d = %+v, want comment %d", tc.path, i, it, cm.ID)
					break
				}
				if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil {
					t.Errorf("%s item %d pubDate %q: %v", tc.path, i, it.PubDate, err)
				}
			}
		}
		// A feed follows its article's permalink and nothing else.
		for path, status := range map[string]int{
			"/2024/06/22/storm-hits-the-coast/comments.rss": http.StatusMovedPermanently,
			"/2024/06/21/no-such-story/comments.atom":       http.StatusNotFound,
			"/2024/6/21/storm-hits-the-coast/comments.rss":  http.StatusNotFound,
		} {
			if r := c.get(path); r.status != status {
				t.Errorf("%s = %d, want %d", path, r.status, status)
			}
		}
		// The feeds are linked from /feeds.
		doc := c.page("/feeds", http.StatusOK)
		for _, href := range []string{"/comments/feed.rss", "/comments/feed.atom"} {
			if doc.Find(`main a[href="`+href+`"]`).Length() != 1 || doc.Find(`head link[rel=alternate][href="`+href+`"]`).Length() != 1 {
				t.Errorf("/feeds does not link %s", href)
			}
		}
	})
}

// feedSize is how many comments a feed carries.
const feedSize = 50

func TestComments_API(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open func(testing.TB) store.Store) {
		c := newCommentSite(t, open(t), map[string]string{comments.KeyHoldFirst: "false", comments.KeyPerPage: "2"})
		var ids []int64
		for i := range 3 {
			ids = append(ids, approved(t, c, c.comment(fmt.Sprintf("198.51.100.%d", i+1), fmt.Sprintf("Body %d", i),
				fmt.Sprintf("Reader %d", i), fmt.Sprintf("reader%d@example.com", i), "https://reader.example/")))
		}
		reply := approved(t, c, c.reply(ids[0], "198.51.100.9", "A reply", "Replier", "replier@example.com"))
		held(t, c, c.comment("198.51.100.10", "Held https://a.example https://b.example", "Held", "held@example.com", ""))

		r := c.get(fmt.Sprintf("/api/v1/articles/%d/comments", c.art.ID))
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Fatalf("comments API = %d %q", r.status, r.header.Get("Content-Type"))
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(r.body), &raw); err != nil {
			t.Fatal(err)
		}
		var keys []string
		for k := range raw {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if want := []string{"article_id", "closed", "items", "next_page", "order", "page", "pages", "per_page", "threads", "total"}; !slices.Equal(keys, want) {
			t.Errorf("answer keys = %q, want %q", keys, want)
		}
		var page struct {
			Total, Threads, Page, Pages, PerPage int
			Order                                string
			NextPage                             *int `json:"next_page"`
			Items                                []map[string]any
		}
		if err := json.Unmarshal([]byte(r.body), &page); err != nil {
			t.Fatal(err)
		}
		if page.Total != 4 || page.Threads != 3 || page.Page != 1 || page.Pages != 2 || page.Order != "oldest" || page.NextPage == nil || *page.NextPage != 2 {
			t.Errorf("paging = %+v", page)
		}
		if len(page.Items) != 3 {
			t.Fatalf("page 1 has %d items, want 3 (two threads, one reply)", len(page.Items))
		}
		for _, it := range page.Items {
			var k []string
			for key := range it {
				k = append(k, key)
			}
			slices.Sort(k)
			if want := []string{"body", "body_html", "created_at", "depth", "id", "name", "parent_id", "url", "website"}; !slices.Equal(k, want) {
				t.Errorf("item keys = %q, want %q", k, want)
			}
		}
		second := page.Items[1]
		if second["id"] != float64(reply) || second["parent_id"] != float64(ids[0]) || second["depth"] != float64(1) ||
			second["name"] != "Replier" || second["body"] != "A reply" || second["body_html"] != "<p>A reply</p>\n" ||
			second["url"] != fmt.Sprintf("https://news.example.org%s#comment-%d", c.path, reply) {
			t.Errorf("reply item = %v", second)
		}
		if page.Items[0]["parent_id"] != nil || page.Items[0]["website"] != "https://reader.example/" {
			t.Errorf("top item = %v", page.Items[0])
		}
		for _, leak := range []string{"@example.com", "198.51.100", "newsdesk-test", "first comment", "Held"} {
			if strings.Contains(r.body, leak) {
				t.Errorf("the comments API shows %q", leak)
			}
		}
		r = c.get(fmt.Sprintf("/api/v1/articles/%d/comments?page=2", c.art.ID))
		if !strings.Contains(r.body, `"next_page":null`) || !strings.Contains(r.body, fmt.Sprintf(`"id":%d`, ids[2])) ||
			!strings.Contains(r.body, "?cpage=2#comment-") {
			t.Errorf("page 2 = %s", r.body)
		}
		for path, status := range map[string]int{
			fmt.Sprintf("/api/v1/articles/%d/comments?page=0", c.art.ID):  400,
			fmt.Sprintf("/api/v1/articles/%d/comments?page=x", c.art.ID):  400,
			"/api/v1/articles/999999/comments":                            404,
			"/api/v1/articles/abc/comments":                               400,
			fmt.Sprintf("/api/v1/articles/%d/comments?page=99", c.art.ID): 200,
		} {
			r := c.get(path)
			if r.status != status || !json.Valid([]byte(r.body)) {
				t.Errorf("%s = %d %s, want %d", path, r.status, r.body, status)
			}
		}
		// Articles carry their count.
		r = c.get(fmt.Sprintf("/api/v1/articles/%d", c.art.ID))
		if !strings.Contains(r.body, `"comments":4`) {
			t.Errorf("the article's JSON lacks its comment count: %s", r.body)
		}
		r = c.get("/api/v1/articles")
		if !strings.Contains(r.body, `"comments":4`) || !strings.Contains(r.body, `"comments":0`) {
			t.Errorf("the article list lacks comment counts")
		}
		if r := c.get("/api/v1/search?q=storm"); !strings.Contains(r.body, `"comments":4`) {
			t.Errorf("search results lack comment counts: %s", r.body)
		}
	})
}

func TestComments_CountsOnCards(t *testing.T) {
	c := newCommentSite(t, storetestSQLite(t), map[string]string{comments.KeyHoldFirst: "false"})
	approved(t, c, c.comment("198.51.100.1", "One", "Ann", "ann@example.com", ""))
	approved(t, c, c.comment("198.51.100.2", "Two", "Bob", "bob@example.com", ""))
	for _, p := range []string{"/", "/category/weather", fmt.Sprintf("/source/%d", c.art.SourceID), "/search?q=storm"} {
		doc := c.page(p, http.StatusOK)
		link := doc.Find(fmt.Sprintf(`main a.comment-count[href="%s#comments"]`, c.path))
		if link.Length() == 0 || strings.TrimSpace(link.First().Text()) != "2 comments" {
			t.Errorf("%s: no \"2 comments\" link on the article's card", p)
		}
		if n := doc.Find("main a.comment-count").Length(); n != link.Length() {
			t.Errorf("%s: %d comment counts, but only one article has comments", p, n)
		}
	}
	doc := c.page(c.path, http.StatusOK)
	if got := texts(doc.Find(".story-head .comment-count a[href='#comments']")); !slices.Equal(got, []string{"2 comments"}) {
		t.Errorf("article page count = %q", got)
	}
}

func TestComments_RememberCookie(t *testing.T) {
	c := newCommentSite(t, storetestSQLite(t), map[string]string{comments.KeyHoldFirst: "false"})
	post := func(client string, remember bool, cookie string, https bool) *http.Cookie {
		t.Helper()
		hidden := c.openForm(c.path)
		c.clock.Advance(20 * time.Second)
		v := fill(hidden, "Remember "+client, "Ann O'Neil & Co", "ann+news@example.com", "https://ann.example/?a=1&b=2")
		if remember {
			v.Set("remember", "yes")
		}
		req := c.postRequest(v, client)
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		if https {
			req.Header.Set("X-Forwarded-Proto", "https")
		}
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("post = %d", resp.StatusCode)
		}
		for _, ck := range resp.Cookies() {
			if ck.Name == "newsdesk_commenter" {
				return ck
			}
		}
		return nil
	}
	ck := post("198.51.100.1", true, "", false)
	if ck == nil {
		t.Fatal("ticking the box set no cookie")
	}
	vals, err := url.ParseQuery(ck.Value)
	if err != nil || vals.Get("author") != "Ann O'Neil & Co" || vals.Get("email") != "ann+news@example.com" || vals.Get("url") != "https://ann.example/?a=1&b=2" {
		t.Errorf("cookie value %q reads as %v (%v)", ck.Value, vals, err)
	}
	if ck.Path != "/" || ck.MaxAge != 365*24*60*60 || ck.SameSite != http.SameSiteLaxMode || ck.HttpOnly || ck.Secure {
		t.Errorf("cookie attributes = %+v", ck)
	}
	if ck := post("198.51.100.2", true, "", true); ck == nil || !ck.Secure {
		t.Error("the cookie is not Secure behind an https proxy")
	}
	if ck := post("198.51.100.3", false, "newsdesk_commenter="+ck.Value, false); ck == nil || ck.MaxAge >= 0 || ck.Value != "" {
		t.Errorf("unticking the box did not clear the cookie: %+v", ck)
	}
	if ck := post("198.51.100.4", false, "", false); ck != nil {
		t.Errorf("a commenter who never asked got a cookie: %+v", ck)
	}
	// The server never reads the cookie into a page.
	req := mustRequest(t, http.MethodGet, c.srv.URL+c.path)
	req.Header.Set("Cookie", "newsdesk_commenter="+ck.Value)
	if r := c.do(req); strings.Contains(r.body, "ann+news") {
		t.Error("the page shows what the cookie holds")
	}
}

func TestComments_CrossOriginPostRefused(t *testing.T) {
	c := newCommentSite(t, storetestSQLite(t), nil)
	hidden := c.openForm(c.path)
	c.clock.Advance(5 * time.Second)
	v := fill(hidden, "Posted from elsewhere", "Mal", "mal@example.com", "")
	for _, h := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Sec-Fetch-Site": "same-site"},
		{"Origin": "https://evil.example"},
	} {
		req := postTo(t, c.srv.URL, v)
		for k, val := range h {
			req.Header.Set(k, val)
		}
		r := c.do(req)
		if r.status != http.StatusForbidden || !strings.Contains(r.body, "This request came from another site and was refused.") {
			t.Errorf("cross-origin post with %v = %d", h, r.status)
		}
	}
	if n := c.statuses(); n[model.CommentPending]+n[model.CommentApproved] != 0 {
		t.Errorf("a cross-origin post stored a comment: %v", n)
	}
	// The same form from the site itself is taken.
	held(t, c, c.post(v, "198.51.100.1"))
}

// The canary: an address posted and approved must appear nowhere
// public — no page, feed, API answer or header, in any letter case or as
// an MD5, SHA-1 or SHA-256 hash (what avatar services use) — nor in the
// logs at INFO and above.
func TestComments_CanaryEmailNeverPublished(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open func(testing.TB) store.Store) {
		c := newCommentSite(t, open(t), nil)
		const canary = "Canary.Q7x9-Leak@Leak-Test.Example"
		first, _ := held(t, c, c.comment("198.51.100.1", "A canary's first comment.", "Canary Reader", canary, "https://canary.example/"))
		if err := c.store.SetCommentStatus(t.Context(), first, model.CommentApproved); err != nil {
			t.Fatal(err)
		}
		c.notes.next(t)
		reply := approved(t, c, c.reply(first, "198.51.100.2", "And a reply.", "Canary Reader", strings.ToLower(canary)))
		_, preview := held(t, c, c.comment("198.51.100.3", "Held: https://a.example https://b.example", "Canary Reader", canary, ""))
		c.notes.next(t)
		// A form coming back to the canary shows them their own address;
		// that answer goes to them alone and is never stored.
		routes := []string{
			"/", "/category/weather", fmt.Sprintf("/source/%d", c.art.SourceID), "/story/1",
			c.path, c.path + "?cpage=1", fmt.Sprintf("%s?replytocom=%d", c.path, first), preview,
			fmt.Sprintf("/comments/%d", first), fmt.Sprintf("/comments/%d", reply), "/comments/999999",
			"/search?q=canary", "/search?q=storm", "/search?q=leak-test",
			"/api/v1/search?q=canary", "/api/v1/search?q=storm&facets=1",
			"/api/v1/articles", fmt.Sprintf("/api/v1/articles/%d", c.art.ID), fmt.Sprintf("/api/v1/articles/%d/comments", c.art.ID),
			"/api/v1/categories", "/api/v1/sources", "/api/v1/nothing",
			"/comments/feed.rss", "/comments/feed.atom", c.path + "comments.rss", c.path + "comments.atom",
			"/feeds", "/about", "/contact", "/privacy", "/nowhere", "/2024/06/21/missing/", "/healthz",
		}
		forms := canaryForms(canary)
		for _, p := range routes {
			r := c.get(p)
			if r.status >= 500 {
				t.Errorf("%s = %d", p, r.status)
			}
			var hdr bytes.Buffer
			r.header.Write(&hdr)
			for _, f := range forms {
				if strings.Contains(r.body, f) || strings.Contains(hdr.String(), f) {
					t.Errorf("%s leaks the canary as %q", p, f)
				}
			}
		}
		if !strings.Contains(c.get(c.path).body, "And a reply.") {
			t.Fatal("the canary's comments are not on the page: the test proves nothing")
		}
		for _, line := range c.logs.lines("INFO") {
			for _, f := range forms {
				if strings.Contains(line, f) {
					t.Errorf("the logs at INFO leak the canary as %q: %s", f, line)
				}
			}
		}
	})
}

// canaryForms are the ways an address could leak: as typed, lowercase,
// uppercase, and the hex of its MD5, SHA-1 and SHA-256 in each case.
func canaryForms(email string) []string {
	var out []string
	for _, e := range []string{email, strings.ToLower(email), strings.ToUpper(email)} {
		m, s1, s2 := md5.Sum([]byte(e)), sha1.Sum([]byte(e)), sha256.Sum256([]byte(e))
		out = append(out, e, hex.EncodeToString(m[:]), hex.EncodeToString(s1[:]), hex.EncodeToString(s2[:]))
		out = append(out, strings.ToUpper(hex.EncodeToString(m[:])), url.QueryEscape(e))
	}
	return out
}
