package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/dbopen"
)

// runCLIWithInput runs one command line in-process with stdin.
func runCLIWithInput(t *testing.T, env map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, stdio{
		in: strings.NewReader(stdin), out: &out, err: &errb,
		getenv: func(k string) string { return env[k] },
	})
	return code, out.String(), errb.String()
}

func openData(t *testing.T, dir string) store.Store {
	t.Helper()
	st, err := dbopen.Open(t.Context(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestUsers_AddAndList(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"NEWSDESK_DATA": dir}
	const pw = "a long enough passphrase"
	code, out, errOut := runCLIWithInput(t, env, pw+"\r\nsecond line ignored\n", "users", "add", "ed@newsroom.example", "--role", "editor", "--name", "Ed Itor")
	if code != 0 || !strings.Contains(out, "added user 1: ed@newsroom.example (editor)") {
		t.Fatalf("users add: exit %d\n%s%s", code, out, errOut)
	}
	// The password stored is the first line without its line break.
	st := openData(t, dir)
	mgr, err := auth.NewManager(st, auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, u, err := mgr.Login(t.Context(), "ed@newsroom.example", pw, ""); err != nil || u.Role != model.RoleEditor || u.Name != "Ed Itor" {
		t.Errorf("login with the piped password: %+v, %v", u, err)
	}
	st.Close()

	bad := []struct {
		stdin string
		args  []string
		want  string
	}{
		{"short\n", []string{"users", "add", "al@newsroom.example", "--role", "author"}, "at least 12 characters"},
		{"aaaaaaaaaaaaaaaa\n", []string{"users", "add", "al@newsroom.example", "--role", "author"}, "one character repeated"},
		{"", []string{"users", "add", "al@newsroom.example", "--role", "author"}, "no password on standard input"},
		{pw + "\n", []string{"users", "add", "ED@newsroom.example", "--role", "admin"}, "already has an account"},
		{pw + "\n", []string{"users", "add", "al@newsroom.example"}, "missing --role"},
		{pw + "\n", []string{"users", "add", "al@newsroom.example", "--role", "boss"}, "unknown role"},
		{pw + "\n", []string{"users", "add", "Al <al@newsroom.example>", "--role", "author"}, "invalid email"},
		{pw + "\n", []string{"users", "add", "--role", "author"}, "missing EMAIL"},
		{pw + "\n", []string{"users", "remove", "x"}, "unknown subcommand"},
		{pw + "\n", []string{"users"}, "missing subcommand"},
	}
	for _, b := range bad {
		code, out, errOut := runCLIWithInput(t, env, b.stdin, b.args...)
		if code != 2 || !strings.Contains(errOut, b.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || out != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want 2 and one line with %q", b.args, code, errOut, out, b.want)
		}
	}

	code, out, _ = runCLIWithInput(t, env, "", "users", "list", "--json")
	if code != 0 {
		t.Fatalf("users list: exit %d", code)
	}
	if strings.Contains(out, "argon2") || strings.Contains(strings.ToLower(out), "hash") || strings.Contains(out, pw) {
		t.Errorf("users list --json shows password material:\n%s", out)
	}
	var users []map[string]any
	if err := json.Unmarshal([]byte(out), &users); err != nil || len(users) != 1 {
		t.Fatalf("users list --json: %v\n%s", err, out)
	}
	if u := users[0]; u["email"] != "ed@newsroom.example" || u["role"] != "editor" || u["name"] != "Ed Itor" || u["id"] != 1.0 || u["created_at"] == "" {
		t.Errorf("listed %v", u)
	}
	code, out, _ = runCLIWithInput(t, env, "", "users", "list")
	if code != 0 || !strings.Contains(out, "ed@newsroom.example") || !strings.Contains(out, "editor") || strings.Contains(out, "argon2") {
		t.Errorf("users list: exit %d\n%s", code, out)
	}
}

// seedComments stores an article with comments in three statuses.
func seedComments(t *testing.T, dir string) (article model.Article, ids []int64) {
	t.Helper()
	st := openData(t, dir)
	defer st.Close()
	ctx := t.Context()
	src, err := st.AddSource(ctx, model.Source{FeedURL: "https://wire.example/feed.xml", Name: "Wire"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := st.SaveArticles(ctx, src.ID, []model.Article{{GUID: "1", URL: "https://wire.example/a", Title: "Harbor reopens",
		Excerpt: "x", ContentText: "x", PublishedAt: time.Now().Add(-time.Hour), Kind: model.KindAggregated}})
	if err != nil {
		t.Fatal(err)
	}
	base := time.Now().Add(-30 * time.Minute)
	for i, c := range []model.Comment{
		{Status: model.CommentPending, Name: "Pat", Email: "pat@example.net", Body: "First words of a long comment that goes on", Reason: "first comment from this email address"},
		{Status: model.CommentApproved, Name: "Ann", Email: "ann@example.net", Body: "Agreed."},
		{Status: model.CommentSpam, Name: "Bot\x1b[31m", Email: "bot@example.net", Body: "cheap \x1b]0;pwned\x07 pills", ClientIP: "203.0.113.5"},
	} {
		c.ArticleID = res.IDs[0]
		c.Created = base.Add(time.Duration(i) * time.Minute)
		stored, err := st.AddComment(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, stored.ID)
	}
	article, err = st.GetArticle(ctx, res.IDs[0])
	if err != nil {
		t.Fatal(err)
	}
	return article, ids
}

func TestComments_ListAndModerate(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"NEWSDESK_DATA": dir}
	article, ids := seedComments(t, dir)
	pending, approved, spam := ids[0], ids[1], ids[2]

	code, out, errOut := runCLI(t, env, "comments", "list", "--json")
	if code != 0 {
		t.Fatalf("list: exit %d %s", code, errOut)
	}
	var listed []map[string]any
	if err := json.Unmarshal([]byte(out), &listed); err != nil || len(listed) != 3 {
		t.Fatalf("list --json: %v\n%s", err, out)
	}
	if first := listed[0]; first["id"] != float64(spam) || first["email"] != "bot@example.net" || first["client_ip"] != "203.0.113.5" ||
		first["article_title"] != "Harbor reopens" || first["status"] != "spam" {
		t.Errorf("newest first, with moderation fields: %v", first)
	}
	if last := listed[2]; last["reason"] != "first comment from this email address" {
		t.Errorf("reason missing: %v", last)
	}
	code, out, _ = runCLI(t, env, "comments", "list", "--status", "pending", "--json")
	if code != 0 || strings.Count(out, `"id"`) != 1 || !strings.Contains(out, "pat@example.net") {
		t.Errorf("--status pending: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, env, "comments", "list", "--limit", "2", "--article", fmt.Sprint(article.ID), "--json")
	if code != 0 || strings.Count(out, `"id"`) != 2 {
		t.Errorf("--limit 2: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, env, "comments", "list")
	if code != 0 || !strings.Contains(out, "ID") || !strings.Contains(out, "EMAIL") || !strings.Contains(out, "pat@example.net") ||
		!strings.Contains(out, "First words of a long comment") {
		t.Errorf("table: exit %d\n%s", code, out)
	}
	if strings.ContainsRune(out, '\x1b') || strings.ContainsRune(out, '\x07') {
		t.Error("the table passed a commenter's terminal escape sequence through")
	}

	code, out, errOut = runCLI(t, env, "comments", "approve", fmt.Sprint(pending), fmt.Sprint(approved))
	if code != 0 || !strings.Contains(out, fmt.Sprintf("comment %d: pending -> approved", pending)) ||
		!strings.Contains(out, fmt.Sprintf("comment %d: already approved", approved)) {
		t.Errorf("approve: exit %d\n%s%s", code, out, errOut)
	}
	if n := commentsOn(t, dir, article.ID); n != 2 {
		t.Errorf("after approve the article counts %d comments, want 2", n)
	}
	code, out, _ = runCLI(t, env, "comments", "spam", fmt.Sprint(approved))
	if code != 0 || !strings.Contains(out, fmt.Sprintf("comment %d: approved -> spam", approved)) {
		t.Errorf("spam: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, env, "comments", "trash", fmt.Sprint(spam))
	if code != 0 || !strings.Contains(out, fmt.Sprintf("comment %d: spam -> trash", spam)) {
		t.Errorf("trash: exit %d\n%s", code, out)
	}
	if n := commentsOn(t, dir, article.ID); n != 1 {
		t.Errorf("after spam the article counts %d comments, want 1", n)
	}

	// Unknown IDs change nothing, even when listed with known ones.
	code, out, errOut = runCLI(t, env, "comments", "trash", fmt.Sprint(pending), "999")
	if code != 2 || out != "" || !strings.Contains(errOut, "no comment with ID 999") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("unknown ID: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if n := commentsOn(t, dir, article.ID); n != 1 {
		t.Errorf("a refused trash changed the count to %d", n)
	}
	for _, b := range []struct {
		args []string
		want string
	}{
		{[]string{"comments", "list", "--status", "deleted"}, "unknown comment status"},
		{[]string{"comments", "list", "--article", "x"}, "positive number"},
		{[]string{"comments", "list", "--limit", "0"}, "--limit"},
		{[]string{"comments", "approve"}, "missing comment ID"},
		{[]string{"comments", "approve", "abc"}, "positive number"},
		{[]string{"comments", "approve", "-3"}, ""},
		{[]string{"comments", "delete", "1"}, "unknown subcommand"},
		{[]string{"comments"}, "missing subcommand"},
	} {
		code, out, errOut := runCLI(t, env, b.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, b.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", b.args, code, out, errOut)
		}
	}
}

func commentsOn(t *testing.T, dir string, articleID int64) int {
	t.Helper()
	st := openData(t, dir)
	defer st.Close()
	a, err := st.GetArticle(t.Context(), articleID)
	if err != nil {
		t.Fatal(err)
	}
	return a.Comments
}

func TestPrintable(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"plain", 10, "plain"},
		{"  two\n\nlines\t here ", 20, "two lines here"},
		{"esc\x1b[31mred", 20, "esc\uFFFD[31mred"},
		{"rtl\u202Eevil", 20, "rtl\uFFFDevil"},
		{"bad\xffutf8", 20, "bad\uFFFDutf8"},
		{"exactly ten", 10, "exactly t…"},
		{strings.Repeat("é", 10), 10, strings.Repeat("é", 10)},
		{strings.Repeat("é", 11), 10, strings.Repeat("é", 9) + "…"},
	} {
		if got := printable(c.in, c.max); got != c.want {
			t.Errorf("printable(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
}
