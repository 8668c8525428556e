package comments

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

func TestDefaultPolicy(t *testing.T) {
	p := DefaultPolicy()
	want := Policy{HoldLinks: 2, HoldFirst: true, Flood: 15 * time.Second, PerIP: 30, PerEmail: 10, RateWindow: time.Hour, MaxDepth: 5}
	if !policyEqual(p, want) {
		t.Errorf("DefaultPolicy() = %+v", p)
	}
}

func policyEqual(a, b Policy) bool {
	return slices.Equal(a.ModerationWords, b.ModerationWords) && slices.Equal(a.DisallowedWords, b.DisallowedWords) &&
		a.HoldLinks == b.HoldLinks && a.HoldFirst == b.HoldFirst && a.Flood == b.Flood && a.PerIP == b.PerIP &&
		a.PerEmail == b.PerEmail && a.RateWindow == b.RateWindow && a.MaxDepth == b.MaxDepth && a.CloseAfter == b.CloseAfter
}

func TestParseWordList(t *testing.T) {
	in := "  viagra \r\n\r\nCasino\n\n   \n\tbuy now\t\nVIÁGRA\ncasino\nbuy-now\n203.0.113.9\n::ffff:203.0.113.9\n2001:db8::/32\n2001:DB8::1/32\nlast"
	want := []string{"viagra", "Casino", "buy now", "203.0.113.9", "2001:db8::/32", "last"}
	if got := ParseWordList(in); !slices.Equal(got, want) {
		t.Errorf("ParseWordList = %q, want %q", got, want)
	}
	if got := ParseWordList(" \n\r\n\t"); len(got) != 0 {
		t.Errorf("blank list = %q", got)
	}
	if got := ParseWordList("one"); !slices.Equal(got, []string{"one"}) {
		t.Errorf("one line = %q", got)
	}
}

// fixture is a comment the default rules approve, with what they need.
type fixture struct {
	p       Policy
	c       model.Comment
	a       store.Activity
	article model.Article
	parent  *model.Comment
	now     time.Time
}

func newFixture() *fixture {
	now := time.Date(2024, 6, 22, 12, 0, 0, 0, time.UTC)
	return &fixture{
		p: DefaultPolicy(),
		c: model.Comment{
			ArticleID: 10,
			Name:      "Ada Lovelace",
			Email:     "ada@example.org",
			Body:      "A thoughtful comment about the engine.",
			ClientIP:  "198.51.100.7",
			UserAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0",
		},
		a:       store.Activity{Approved: 3, LastAt: now.Add(-time.Hour), ByIP: 1, ByEmail: 1},
		article: model.Article{ID: 10, Title: "Engines", PublishedAt: now.Add(-48 * time.Hour)},
		now:     now,
	}
}

func (f *fixture) decide() (Verdict, error) {
	return f.p.Decide(f.c, f.a, f.article, f.parent, f.now)
}

func TestDecide(t *testing.T) {
	type outcome struct {
		status model.CommentStatus
		reason string // a substring of the reason
		reject RejectionKind
	}
	approved := outcome{status: model.CommentApproved}
	reply := func(depth int, status model.CommentStatus) func(*fixture) {
		return func(f *fixture) {
			f.c.ParentID = 5
			f.parent = &model.Comment{ID: 5, ArticleID: 10, Depth: depth, Status: status}
		}
	}
	staff := func(f *fixture) { f.c.UserID = 1 }
	cases := []struct {
		name  string
		setup []func(*fixture)
		want  outcome
	}{
		{"an ordinary comment", nil, approved},

		// Closing.
		{"closed article", []func(*fixture){func(f *fixture) { f.article.CommentsClosed = true }}, outcome{reject: Closed}},
		{"closed article, staff too", []func(*fixture){staff, func(f *fixture) { f.article.CommentsClosed = true }}, outcome{reject: Closed}},
		{"older than CloseAfter", []func(*fixture){func(f *fixture) { f.p.CloseAfter = 24 * time.Hour }}, outcome{reject: Closed}},
		{"younger than CloseAfter", []func(*fixture){func(f *fixture) { f.p.CloseAfter = 72 * time.Hour }}, approved},
		{"CloseAfter, no date", []func(*fixture){func(f *fixture) { f.p.CloseAfter = time.Hour; f.article.PublishedAt = time.Time{} }}, approved},

		// Threading.
		{"reply at depth 1", []func(*fixture){reply(0, model.CommentApproved)}, approved},
		{"reply at depth 4 (the fifth level)", []func(*fixture){reply(3, model.CommentApproved)}, approved},
		{"reply at depth 5", []func(*fixture){reply(4, model.CommentApproved)}, outcome{reject: TooDeep}},
		{"reply at depth 5, staff too", []func(*fixture){staff, reply(4, model.CommentApproved)}, outcome{reject: TooDeep}},
		{"MaxDepth 1 takes no replies", []func(*fixture){reply(0, model.CommentApproved), func(f *fixture) { f.p.MaxDepth = 1 }}, outcome{reject: TooDeep}},
		{"MaxDepth 0 has no limit", []func(*fixture){reply(40, model.CommentApproved), func(f *fixture) { f.p.MaxDepth = 0 }}, approved},
		{"reply, parent not loaded", []func(*fixture){func(f *fixture) { f.c.ParentID = 5 }}, outcome{reject: BadParent}},
		{"reply, another parent", []func(*fixture){reply(0, model.CommentApproved), func(f *fixture) { f.c.ParentID = 6 }}, outcome{reject: BadParent}},
		{"parent given, no ParentID", []func(*fixture){reply(0, model.CommentApproved), func(f *fixture) { f.c.ParentID = 0 }}, outcome{reject: BadParent}},
		{"parent on another article", []func(*fixture){reply(0, model.CommentApproved), func(f *fixture) { f.parent.ArticleID = 11 }}, outcome{reject: BadParent}},
		{"parent pending", []func(*fixture){reply(0, model.CommentPending)}, outcome{reject: BadParent}},
		{"parent spam", []func(*fixture){reply(0, model.CommentSpam)}, outcome{reject: BadParent}},
		{"staff reply to pending", []func(*fixture){staff, reply(0, model.CommentPending)}, outcome{status: model.CommentApproved, reason: "staff"}},
		{"staff reply to trash", []func(*fixture){staff, reply(0, model.CommentTrash)}, outcome{reject: BadParent}},

		// Refusals.
		{"duplicate", []func(*fixture){func(f *fixture) { f.a.Duplicate = true }}, outcome{reject: Duplicate}},
		{"flood", []func(*fixture){func(f *fixture) { f.a.LastAt = f.now.Add(-5 * time.Second) }}, outcome{reject: Flood}},
		{"flood interval passed", []func(*fixture){func(f *fixture) { f.a.LastAt = f.now.Add(-15 * time.Second) }}, approved},
		{"flood, last comment ahead of the clock", []func(*fixture){func(f *fixture) { f.a.LastAt = f.now.Add(time.Minute) }}, outcome{reject: Flood}},
		{"flood rule off", []func(*fixture){func(f *fixture) { f.a.LastAt = f.now.Add(-time.Second); f.p.Flood = 0 }}, approved},
		{"rate per IP", []func(*fixture){func(f *fixture) { f.a.ByIP = 30 }}, outcome{reject: RateLimited}},
		{"rate per IP under", []func(*fixture){func(f *fixture) { f.a.ByIP = 29 }}, approved},
		{"rate per email", []func(*fixture){func(f *fixture) { f.a.ByEmail = 10 }}, outcome{reject: RateLimited}},
		{"rate per email under", []func(*fixture){func(f *fixture) { f.a.ByEmail = 9 }}, approved},
		{"rate rules off", []func(*fixture){func(f *fixture) { f.a.ByIP, f.a.ByEmail = 1000, 1000; f.p.PerIP, f.p.PerEmail = 0, 0 }}, approved},
		{"rate window off", []func(*fixture){func(f *fixture) { f.a.ByIP = 1000; f.p.RateWindow = 0 }}, approved},
		{"duplicate before flood", []func(*fixture){func(f *fixture) { f.a.Duplicate = true; f.a.LastAt = f.now }}, outcome{reject: Duplicate}},
		{"staff skip flood and duplicates", []func(*fixture){staff, func(f *fixture) { f.a.Duplicate = true; f.a.LastAt = f.now; f.a.ByIP = 1000 }}, outcome{status: model.CommentApproved, reason: "staff"}},

		// Holding.
		{"first comment", []func(*fixture){func(f *fixture) { f.a.Approved = 0 }}, outcome{status: model.CommentPending, reason: "first comment from this email address"}},
		{"first comment, rule off", []func(*fixture){func(f *fixture) { f.a.Approved = 0; f.p.HoldFirst = false }}, approved},
		{"one link", []func(*fixture){func(f *fixture) { f.c.Body = "See https://example.org/report" }}, approved},
		{"two links", []func(*fixture){func(f *fixture) { f.c.Body = "See https://example.org/a and www.example.org/b" }}, outcome{status: model.CommentPending, reason: "2 links"}},
		{"a link and a website", []func(*fixture){func(f *fixture) { f.c.Body = "See https://example.org/a"; f.c.Website = "https://ada.example" }}, outcome{status: model.CommentPending, reason: "2 links"}},
		{"bare domains", []func(*fixture){func(f *fixture) { f.c.Body = "cheap-pills.com cheap-pills.net cheap-pills.ru" }}, outcome{status: model.CommentPending, reason: "3 links"}},
		{"links rule off", []func(*fixture){func(f *fixture) { f.c.Body = "a.com b.com c.com"; f.p.HoldLinks = 0 }}, approved},
		{"HoldLinks 1", []func(*fixture){func(f *fixture) { f.c.Website = "https://ada.example"; f.p.HoldLinks = 1 }}, outcome{status: model.CommentPending, reason: "1 link"}},
		{"reasons joined", []func(*fixture){func(f *fixture) {
			f.a.Approved = 0
			f.c.Body = "Casino https://a.example https://b.example"
			f.p.ModerationWords = []string{"casino"}
		}}, outcome{status: model.CommentPending, reason: `moderation word "casino" in the comment; 2 links; first comment from this email address`}},

		// Spam.
		{"disallowed word", []func(*fixture){func(f *fixture) { f.p.DisallowedWords = []string{"viagra"}; f.c.Body = "Buy VIAGRA now" }}, outcome{status: model.CommentSpam, reason: `disallowed "viagra" in the comment`}},
		{"disallowed beats moderation and holds", []func(*fixture){func(f *fixture) {
			f.p.DisallowedWords = []string{"viagra"}
			f.p.ModerationWords = []string{"viagra"}
			f.a.Approved = 0
			f.c.Body = "viagra https://a.example https://b.example"
		}}, outcome{status: model.CommentSpam}},
		{"refusals before spam", []func(*fixture){func(f *fixture) { f.p.DisallowedWords = []string{"viagra"}; f.c.Body = "viagra"; f.a.LastAt = f.now }}, outcome{reject: Flood}},
		{"staff skip word lists", []func(*fixture){staff, func(f *fixture) {
			f.p.DisallowedWords = []string{"viagra"}
			f.c.Body = "viagra https://a.example https://b.example"
			f.a.Approved = 0
		}}, outcome{status: model.CommentApproved, reason: "staff"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture()
			for _, s := range c.setup {
				s(f)
			}
			v, err := f.decide()
			if c.want.reject != "" {
				var rej *Rejection
				if !errors.As(err, &rej) || rej.Kind != c.want.reject {
					t.Fatalf("Decide = %+v, %v; want a %s rejection", v, err, c.want.reject)
				}
				if rej.Message == "" || rej.Error() != rej.Message || strings.Contains(rej.Message, f.c.Email) {
					t.Errorf("rejection message %q", rej.Message)
				}
				if v != (Verdict{}) {
					t.Errorf("a rejection came with the verdict %+v", v)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decide: %v", err)
			}
			if v.Status != c.want.status || !strings.Contains(v.Reason, c.want.reason) {
				t.Errorf("Decide = %+v, want %s with a reason containing %q", v, c.want.status, c.want.reason)
			}
			if v.Status == model.CommentApproved && c.want.reason == "" && v.Reason != "" {
				t.Errorf("approved with a reason: %q", v.Reason)
			}
		})
	}
}

func TestDecideFloodMessage(t *testing.T) {
	f := newFixture()
	f.a.LastAt = f.now.Add(-5*time.Second - 500*time.Millisecond)
	_, err := f.decide()
	var rej *Rejection
	if !errors.As(err, &rej) {
		t.Fatalf("Decide: %v", err)
	}
	if rej.RetryAfter != 9*time.Second+500*time.Millisecond || !strings.Contains(rej.Message, "wait 10 seconds") {
		t.Errorf("flood rejection %+v", rej)
	}
	f.a.LastAt = f.now.Add(-14*time.Second - 100*time.Millisecond)
	if _, err := f.decide(); err == nil || !strings.Contains(err.Error(), "wait 1 second ") {
		t.Errorf("one second left: %v", err)
	}
	// A clock behind the store's waits the whole interval, not longer.
	f.a.LastAt = f.now.Add(time.Hour)
	if _, err := f.decide(); !errors.As(err, &rej) || rej.RetryAfter != 15*time.Second {
		t.Errorf("future LastAt: %+v", rej)
	}
}

// TestDecideWordLists checks where and how list entries match.
func TestDecideWordLists(t *testing.T) {
	type field int
	const (
		name field = iota
		email
		website
		body
		agent
		ip
	)
	set := func(c *model.Comment, where field, value string) {
		switch where {
		case name:
			c.Name = value
		case email:
			c.Email = value
		case website:
			c.Website = value
		case body:
			c.Body = value
		case agent:
			c.UserAgent = value
		case ip:
			c.ClientIP = value
		}
	}
	cases := []struct {
		entry string
		where field
		value string
		match bool
	}{
		{"casino", body, "Best CASINO in town", true},
		{"casino", body, "Best Casinos in town", false},
		{"casino", body, "casino.", true},
		{"ass", body, "a first-class passage", false},
		{"ass", body, "what an ass!", true},
		{"café", body, "Meet me at the CAFE", true},
		{"cafe", body, "Meet me at the Café", true},
		{"Straße", body, "strasse", true},
		{"buy now", body, "Click and BUY   NOW!", true},
		{"buy now", body, "buy-now.example", true},
		{"buy now", body, "buy it now", false},
		{"buy now", body, "now buy", false},
		{"шанс", body, "Ваш ШАНС выиграть", true},
		{"spammer", name, "Spammer McSpam", true},
		{"spammer@example.com", email, "Spammer@Example.COM", true},
		{"example.com", email, "anyone@example.com", true},
		{"example.com", email, "anyone@example.community", false},
		{"pills", website, "https://pills.example/", true},
		{"pills", website, "https://pillsbury.example/", false},
		{"curl", agent, "curl/8.5.0", true},
		{"python requests", agent, "python-requests/2.31", true},
		{"203.0.113.9", ip, "203.0.113.9", true},
		{"203.0.113.9", ip, "203.0.113.90", false},
		{"203.0.113.9", ip, "::ffff:203.0.113.9", true},
		{"::ffff:203.0.113.9", ip, "203.0.113.9", true},
		{"203.0.113.9", body, "my address is 203.0.113.9", false},
		{"203.0.113.0/24", ip, "203.0.113.200", true},
		{"203.0.113.0/24", ip, "203.0.114.1", false},
		{"2001:db8::/32", ip, "2001:db8:1::7", true},
		{"2001:DB8::7", ip, "2001:db8::7", true},
		{"2001:db8::7", ip, "not an address", false},
		{"!!!", body, "Wow!!!", false},
	}
	for _, c := range cases {
		for _, list := range []string{"moderation", "disallowed"} {
			f := newFixture()
			set(&f.c, c.where, c.value)
			if list == "moderation" {
				f.p.ModerationWords = []string{"unrelated", c.entry}
			} else {
				f.p.DisallowedWords = []string{"unrelated", c.entry}
			}
			v, err := f.decide()
			if err != nil {
				t.Fatalf("%q in %q: %v", c.entry, c.value, err)
			}
			want := model.CommentApproved
			if c.match && list == "moderation" {
				want = model.CommentPending
			} else if c.match {
				want = model.CommentSpam
			}
			if v.Status != want {
				t.Errorf("%s entry %q, value %q: %+v, want %s", list, c.entry, c.value, v, want)
			}
			if c.match && !strings.Contains(v.Reason, c.entry) {
				t.Errorf("%s entry %q: reason %q does not name it", list, c.entry, v.Reason)
			}
		}
	}
	// A phrase does not match across two fields.
	f := newFixture()
	f.p.DisallowedWords = []string{"lovelace a"}
	f.c.Body = "a comment"
	if v, _ := f.decide(); v.Status != model.CommentApproved {
		t.Errorf("phrase across name and body: %+v", v)
	}
}

func TestActivityQuery(t *testing.T) {
	f := newFixture()
	q := f.p.ActivityQuery(f.c, f.now)
	want := store.ActivityQuery{ClientIP: "198.51.100.7", Email: "ada@example.org", ArticleID: 10, Body: f.c.Body, Since: f.now.Add(-time.Hour)}
	if q != want {
		t.Errorf("ActivityQuery = %+v, want %+v", q, want)
	}
	f.p.RateWindow = 0
	if q := f.p.ActivityQuery(f.c, f.now); !q.Since.Equal(f.now) {
		t.Errorf("no window: since %v", q.Since)
	}
}

func TestRejectionMessagesNameNoAddress(t *testing.T) {
	for _, kind := range []func(*fixture){
		func(f *fixture) { f.article.CommentsClosed = true },
		func(f *fixture) { f.c.ParentID = 9 },
		func(f *fixture) {
			f.c.ParentID = 5
			f.parent = &model.Comment{ID: 5, ArticleID: 10, Depth: 9, Status: model.CommentApproved}
		},
		func(f *fixture) { f.a.Duplicate = true },
		func(f *fixture) { f.a.LastAt = f.now },
		func(f *fixture) { f.a.ByEmail = 99 },
	} {
		f := newFixture()
		kind(f)
		_, err := f.decide()
		if err == nil || strings.Contains(err.Error(), "ada@") || strings.Contains(err.Error(), "198.51") {
			t.Errorf("rejection %v", err)
		}
		if ReaderMessage(err) != err.Error() {
			t.Errorf("ReaderMessage(%v) = %q", err, ReaderMessage(err))
		}
	}
}
