package admin_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
)

// benchMarkdown is a news article of about 5 KB in Markdown.
func benchMarkdown() string {
	var b strings.Builder
	for i := range 40 {
		if i%10 == 0 {
			fmt.Fprintf(&b, "## Part %d\n\n- the quay\n- the lighthouse\n\n", i/10+1)
		}
		fmt.Fprintf(&b, "The harbor master said on day %d that the **north quay** would reopen, "+
			"[the notice](https://harbor.example/notices/%d) says.\n\n", i, i)
	}
	return b.String()
}

// deskPost is the article form as a browser sends it
// (multipart/form-data), saving version with the given body.
func deskPost(path, csrf string, version int, body string) *http.Request {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, kv := range [][2]string{{"csrf", csrf}, {"action", "save"}, {"version", strconv.Itoa(version)},
		{"title", "Quay wall rebuilt"}, {"slug", "quay-wall-rebuilt"}, {"body", body},
		{"category", "Coastal Affairs"}, {"tags", "storms, harbor"}, {"byline", "Ana Reyes"},
		{"credit", "Harbor desk"}} {
		mw.WriteField(kv[0], kv[1])
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

// BenchmarkDeskSave compares saving a 5 KB draft through the article
// form (render the Markdown, store the article and a revision, audit)
// with showing the same article's edit page (the reference).
//
//	go test ./internal/admin -run '^$' -bench DeskSave -benchtime 2s -count 3
func BenchmarkDeskSave(b *testing.B) {
	s := newBenchSite(b, 0)
	const email = "ana@newsroom.example"
	if _, err := s.mgr.CreateUser(b.Context(), email, "Ana Reyes", model.RoleEditor, password); err != nil {
		b.Fatal(err)
	}
	c := s.signIn(email, password)
	csrf := s.csrf(c)
	md := benchMarkdown()
	w := s.serve(deskPost("/admin/articles", csrf, 0, md), "192.0.2.1", c)
	if w.Code != http.StatusSeeOther {
		b.Fatalf("create: status %d", w.Code)
	}
	loc := w.Header().Get("Location") // /admin/articles/ID/edit?done=save
	id, _, ok := strings.Cut(strings.TrimPrefix(loc, "/admin/articles/"), "/")
	if !ok {
		b.Fatalf("create went to %q", loc)
	}
	edit, save := "/admin/articles/"+id+"/edit", "/admin/articles/"+id
	version := 1

	b.Run("EditPage", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if w := s.serve(httptest.NewRequest(http.MethodGet, edit, nil), "192.0.2.1", c); w.Code != http.StatusOK {
				b.Fatalf("edit page: status %d", w.Code)
			}
		}
	})
	b.Run("Save", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			// Each save changes a word, as an editor's would, so every
			// one is a real change with its revision.
			body := strings.Replace(md, "north quay", "north quay "+strconv.Itoa(version), 1)
			w := s.serve(deskPost(save, csrf, version, body), "192.0.2.1", c)
			if w.Code != http.StatusSeeOther {
				b.Fatalf("save of version %d: status %d", version, w.Code)
			}
			version++
		}
	})
}
