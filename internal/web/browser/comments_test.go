package browser_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/newsdesk/newsdesk/internal/comments"
)

// postTop publishes a top-level comment from Go and returns its ID.
func postTop(t *testing.T, s *testSite, client, body, name string) int64 {
	t.Helper()
	status, loc, _ := s.post(t, client, comments.Form{Body: body, Name: name, Email: strings.ToLower(strings.Fields(name)[0]) + "@example.com"}, s.lead.ID)
	u, err := url.Parse(loc)
	if status != 303 || err != nil || u.Query().Has("unapproved") {
		t.Fatalf("post = %d %q, want it published", status, loc)
	}
	var id int64
	if _, err := fmt.Sscanf(u.Fragment, "comment-%d", &id); err != nil {
		t.Fatalf("redirect %q names no comment", loc)
	}
	return id
}

// clickJS clicks an element the way a reader's click reaches it, without
// aiming the mouse at coordinates that smooth scrolling may still move.
func clickJS(t *testing.T, tab contextT, sel string) {
	t.Helper()
	eval[chromedp.Void](t, tab, `document.querySelector(`+jsString(sel)+`).click()`)
}

// typeComment fills the form's fields in the tab as a reader types them.
func typeComment(t *testing.T, tab contextT, body, name, email, website string) {
	t.Helper()
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.SendKeys(chromedp.ID("comment"), body),
		chromedp.SendKeys(chromedp.ID("author"), name),
		chromedp.SendKeys(chromedp.ID("email"), email),
	}
	if website != "" {
		steps = append(steps, chromedp.SendKeys(chromedp.ID("url"), website))
	}
	do(t, tab, steps...)
}

// replyState is where the form is and what it says.
type replyState struct {
	Parent   string `json:"parent"`   // the element the form sits in
	Field    string `json:"field"`    // comment_parent
	Title    string `json:"title"`    // the form's heading, without the cancel link
	Cancel   bool   `json:"cancel"`   // the cancel link is shown
	AtHome   bool   `json:"atHome"`   // the form is in its place under the comments
	Location string `json:"location"` // the page's address
	Focused  string `json:"focused"`  // the focused element's id
}

const readReplyState = `(function () {
  var respond = document.getElementById("respond");
  var title = document.getElementById("reply-title").cloneNode(true);
  title.querySelectorAll("small").forEach(function (s) { s.remove(); });
  return {
    parent: respond.parentElement.id || respond.parentElement.tagName,
    field: document.getElementById("comment_parent").value,
    title: title.textContent.replace(/\s+/g, " ").trim(),
    cancel: !document.getElementById("cancel-comment-reply-link").hidden,
    atHome: respond.previousElementSibling !== null && respond.previousElementSibling.id === "respond-home",
    location: location.pathname + location.search,
    focused: document.activeElement ? document.activeElement.id : ""
  };
})()`

func TestComments_ReplyWithJavaScript(t *testing.T) {
	s := newCommentSite(t, map[string]string{comments.KeyHoldFirst: "false"})
	parent := postTop(t, s, "10.5.0.1", "The ferry should run all night.", "Ann Lee")
	tab := openTab(t, startBrowser(t))
	console := watchConsole(t, tab)
	do(t, tab, chromedp.Navigate(s.url+s.leadPath))
	waitFor(t, tab, "site.js has run", `!document.querySelector(".share-copy").hidden`)

	reply := fmt.Sprintf("#comment-%d .comment-reply-link", parent)
	clickJS(t, tab, reply)
	st := eval[replyState](t, tab, readReplyState)
	want := replyState{Parent: fmt.Sprintf("comment-%d", parent), Field: fmt.Sprint(parent), Title: "Leave a Reply to Ann Lee",
		Cancel: true, Location: s.leadPath, Focused: "comment"}
	if st != want {
		t.Fatalf("after clicking Reply: %+v, want %+v", st, want)
	}
	// Cancel puts the form back as it was.
	clickJS(t, tab, "#cancel-comment-reply-link")
	st = eval[replyState](t, tab, readReplyState)
	if st.Field != "0" || st.Title != "Leave a Reply" || st.Cancel || !st.AtHome || st.Location != s.leadPath {
		t.Fatalf("after cancelling: %+v", st)
	}

	// Reply for real.
	clickJS(t, tab, reply)
	typeComment(t, tab, "It will from July.", "Bob Ray", "bob@example.com", "")
	s.clock.advance(5 * time.Second)
	submitAndWait(t, tab, s.leadPath, `document.getElementById("comment-submit").click()`)
	loc := eval[string](t, tab, `location.pathname + location.search + location.hash`)
	if !strings.HasPrefix(loc, s.leadPath+"#comment-") {
		t.Fatalf("after posting the reply the page is %s", loc)
	}
	id := strings.TrimPrefix(loc, s.leadPath+"#")
	nested := eval[bool](t, tab, fmt.Sprintf(`(function () {
	  var li = document.getElementById(%q);
	  return li !== null && li.parentElement.classList.contains("children") && li.parentElement.parentElement.id === "comment-%d" &&
	    li.querySelector(".comment-content").textContent.trim() === "It will from July.";
	})()`, id, parent))
	if !nested {
		t.Error("the reply is not shown under its parent")
	}
	if errs := console.errors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

func TestComments_ReplyWithoutJavaScript(t *testing.T) {
	s := newCommentSite(t, map[string]string{comments.KeyHoldFirst: "false"})
	parent := postTop(t, s, "10.5.0.1", "The ferry should run all night.", "Ann Lee")
	tab := openTab(t, startBrowser(t))
	if _, err := chromedp.Call(tab, emulation.SetScriptExecutionDisabled,
		emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable scripts: %v", err)
	}
	do(t, tab, chromedp.Navigate(s.url+s.leadPath))
	reply := fmt.Sprintf("#comment-%d .comment-reply-link", parent)
	if !visible(t, tab, reply) {
		t.Fatal("no visible Reply link")
	}
	submitAndWait(t, tab, "replytocom=", `document.querySelector(`+jsString(reply)+`).click()`)
	st := eval[replyState](t, tab, readReplyState)
	if st.Field != fmt.Sprint(parent) || st.Title != "Leave a Reply to Ann Lee" || !st.Cancel || !st.AtHome ||
		st.Location != fmt.Sprintf("%s?replytocom=%d", s.leadPath, parent) {
		t.Fatalf("the reply page: %+v", st)
	}
	if !visible(t, tab, "#cancel-comment-reply-link") {
		t.Error("the cancel link is not visible")
	}
	typeComment(t, tab, "It will from July.", "Bob Ray", "bob@example.com", "")
	s.clock.advance(5 * time.Second)
	submitAndWait(t, tab, s.leadPath, `document.getElementById("comment-submit").click()`)
	nested := eval[bool](t, tab, fmt.Sprintf(`(function () {
	  var li = document.getElementById(location.hash.slice(1));
	  return li !== null && li.parentElement.parentElement.id === "comment-%d";
	})()`, parent))
	if !nested {
		t.Error("the reply posted without JavaScript is not under its parent")
	}
}

func TestComments_RememberMe(t *testing.T) {
	s := newCommentSite(t, map[string]string{comments.KeyHoldFirst: "false"})
	tab := openTab(t, startBrowser(t))
	do(t, tab, chromedp.Navigate(s.url+s.leadPath))
	waitFor(t, tab, "site.js has run", `!document.querySelector(".share-copy").hidden`)
	type fields struct {
		Author, Email, URL string
		Remember           bool
		Cookie             string
	}
	const readFields = `(function () {
	  var f = document.getElementById("commentform");
	  return {author: f.elements.author.value, email: f.elements.email.value, url: f.elements.url.value,
	    remember: f.elements.remember.checked, cookie: document.cookie};
	})()`
	if got := eval[fields](t, tab, readFields); got != (fields{}) {
		t.Fatalf("a new reader's form is not empty: %+v", got)
	}
	typeComment(t, tab, "Remember me, please.", "Zoë O'Neil & Co", "zoe+news@example.com", "https://zoe.example/?a=1&b=2")
	clickJS(t, tab, "#remember")
	s.clock.advance(5 * time.Second)
	submitAndWait(t, tab, s.leadPath, `document.getElementById("comment-submit").click()`)
	got := eval[fields](t, tab, readFields)
	if got.Author != "Zoë O'Neil & Co" || got.Email != "zoe+news@example.com" || got.URL != "https://zoe.example/?a=1&b=2" || !got.Remember ||
		!strings.Contains(got.Cookie, "newsdesk_commenter=") {
		t.Fatalf("after a remembered comment the form reads %+v", got)
	}
	// The page itself does not carry the address: site.js filled it in.
	if html := s.get(t, s.leadPath); strings.Contains(html, "zoe+news") {
		t.Error("the page's HTML holds the remembered address")
	}
	// Posting with the box unticked forgets.
	clickJS(t, tab, "#remember")
	do(t, tab, chromedp.SendKeys(chromedp.ID("comment"), "Now forget me."))
	s.clock.advance(20 * time.Second)
	submitAndWait(t, tab, s.leadPath, `document.getElementById("comment-submit").click()`)
	if got := eval[fields](t, tab, readFields); got != (fields{}) {
		t.Errorf("after unticking the box the form reads %+v", got)
	}
}
