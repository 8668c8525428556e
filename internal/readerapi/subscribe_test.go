package readerapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/readerapi"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// TestGoogleReader_EditorAddsSource subscribes from an app through the
// real ingester (a feed on a loopback server it may fetch from): an
// editor adds the source, audited; adding it again is a conflict; an
// author is refused.
func TestGoogleReader_EditorAddsSource(t *testing.T) {
	feeds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Gamma Gazette</title><link>https://gamma.example/</link>
<item><title>First</title><link>https://gamma.example/1</link><guid>g1</guid></item></channel></rss>`)
	}))
	defer feeds.Close()
	st := storetest.NewSQLite(t)
	w := newWorld(t, st)
	in := ingest.New(st, fetch.New(fetch.Options{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}, Timeout: 10 * time.Second}), ingest.Options{})
	h, err := readerapi.New(readerapi.Options{Store: st, Tokens: w.tokens, Subscriber: in})
	if err != nil {
		t.Fatal(err)
	}
	w.srv = httptest.NewServer(h)
	defer w.srv.Close()
	editor, err := st.AddUser(t.Context(), model.User{Email: "desk@example.com", Name: "Desk", Role: model.RoleEditor})
	if err != nil {
		t.Fatal(err)
	}
	g := login(t, w, editor.Email, w.token(t, editor, model.ScopeReader))
	st1, _, body := g.post(t, "subscription/quickadd", url.Values{"quickadd": {feeds.URL + "/rss"}})
	var added struct {
		NumResults int    `json:"numResults"`
		StreamID   string `json:"streamId"`
		StreamName string `json:"streamName"`
	}
	if st1 != http.StatusOK || json.Unmarshal(body, &added) != nil || added.NumResults != 1 || added.StreamName != "Gamma Gazette" {
		t.Fatalf("quickadd by an editor: %d %s", st1, body)
	}
	srcs, err := st.ListSources(t.Context())
	if err != nil || len(srcs) != 3 || fmt.Sprintf("feed/%d", srcs[2].ID) != added.StreamID {
		t.Fatalf("sources after quickadd: %+v, %v (answer %s)", srcs, err, added.StreamID)
	}
	entries, _, err := st.ListAudit(t.Context(), store.AuditFilter{})
	if err != nil || len(entries) == 0 || entries[0].Action != "source.add" || entries[0].UserID != editor.ID || entries[0].TargetID != srcs[2].ID {
		t.Fatalf("audit after quickadd: %+v, %v", entries, err)
	}
	st1, _, body = g.post(t, "subscription/edit", url.Values{"ac": {"subscribe"}, "s": {"feed/" + feeds.URL + "/rss"}})
	wantStatus(t, "subscribing to a source again", st1, body, http.StatusConflict)
	st1, _, body = g.post(t, "subscription/quickadd", url.Values{"quickadd": {"ftp://gamma.example/rss"}})
	wantStatus(t, "quickadd of an ftp address", st1, body, http.StatusBadRequest)
	author := login(t, w, w.author.Email, w.secret)
	st1, _, body = author.post(t, "subscription/quickadd", url.Values{"quickadd": {feeds.URL + "/other"}})
	wantStatus(t, "quickadd by an author", st1, body, http.StatusForbidden)
}
