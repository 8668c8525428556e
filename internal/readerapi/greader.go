package readerapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// The Google Reader API as FreshRSS and Miniflux serve it and apps call
// it. An app posts the email and a reader token to ClientLogin and gets
// an Auth value, the token itself: it sends it back on every request as
// "Authorization: GoogleLogin auth=…", so revoking the token signs the
// app out at once and the server keeps no sessions. Posts also carry the
// write token T from /reader/api/0/token, derived from the secret.

const (
	streamReadingList = "user/-/state/com.google/reading-list"
	streamStarred     = "user/-/state/com.google/starred"
	streamRead        = "user/-/state/com.google/read"
	labelPrefix       = "user/-/label/"
	feedPrefix        = "feed/"
)

func (h *Handler) greaderRoutes(mux *http.ServeMux) {
	mux.HandleFunc("/accounts/ClientLogin", h.clientLogin)
	const p = "/reader/api/0/"
	mux.HandleFunc("GET "+p+"token", h.greader(false, h.writeTokenHandler))
	mux.HandleFunc("GET "+p+"user-info", h.greader(false, h.userInfo))
	mux.HandleFunc("GET "+p+"subscription/list", h.greader(false, h.subscriptionList))
	mux.HandleFunc("GET "+p+"tag/list", h.greader(false, h.tagList))
	mux.HandleFunc("GET "+p+"unread-count", h.greader(false, h.unreadCount))
	mux.HandleFunc("GET "+p+"stream/items/ids", h.greader(false, h.itemIDs))
	mux.HandleFunc("GET "+p+"stream/items/contents", h.greader(false, h.itemContents))
	// Posting item IDs reads, changes nothing: no T needed.
	mux.HandleFunc("POST "+p+"stream/items/contents", h.greader(false, h.itemContents))
	mux.HandleFunc("GET "+p+"stream/contents/{stream...}", h.greader(false, h.streamContents))
	mux.HandleFunc("GET "+p+"stream/contents", h.greader(false, h.streamContents)) // the stream as s=…
	mux.HandleFunc("POST "+p+"edit-tag", h.greader(true, h.editTag))
	mux.HandleFunc("POST "+p+"mark-all-as-read", h.greader(true, h.markAllAsRead))
	mux.HandleFunc("POST "+p+"subscription/edit", h.greader(true, h.subscriptionEdit))
	mux.HandleFunc("POST "+p+"subscription/quickadd", h.greader(true, h.quickAdd))
	mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
		writeText(w, http.StatusNotFound, "This Google Reader API call is not served here.\n")
	})
}

// clientLogin checks Email and Passwd (a reader token) and answers the
// Auth value the app sends from then on.
func (h *Handler) clientLogin(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET, POST")
		writeText(w, http.StatusMethodNotAllowed, "Sign in with POST.\n")
		return
	}
	if err := r.ParseForm(); err != nil {
		writeText(w, http.StatusBadRequest, "Error=BadRequest\n")
		return
	}
	email, secret := strings.TrimSpace(r.Form.Get("Email")), r.Form.Get("Passwd")
	if email == "" || secret == "" {
		writeText(w, http.StatusBadRequest, "Error=BadAuthentication\nInfo=Email and Passwd (a reader app token) are required\n")
		return
	}
	u, _, err := h.tokens.AuthenticateToken(h.authContext(r), secret, model.ScopeReader)
	if err == nil && !strings.EqualFold(u.Email, email) {
		err = auth.ErrBadToken
	}
	if err != nil {
		h.authFailed(w, r, err)
		return
	}
	writeText(w, http.StatusOK, "SID="+secret+"\nLSID=null\nAuth="+secret+"\n")
}

// authFailed answers a refused sign-in or Auth value.
func (h *Handler) authFailed(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case retryAfter(w, err):
		writeText(w, http.StatusTooManyRequests, "Error=BadAuthentication\nInfo=Too many failed attempts; try again later\n")
	case errors.Is(err, auth.ErrBadToken), errors.Is(err, auth.ErrWrongScope):
		writeText(w, http.StatusUnauthorized, "Error=BadAuthentication\nInfo=Use the account's email and a reader app token as the password\n")
	default:
		h.serverError(w, r, err)
	}
}

// writeToken derives the T token from the secret: only the app holding
// the secret can compute it, and every server sharing the database
// derives the same one.
func writeToken(secret string) string {
	sum := sha256.Sum256([]byte("newsdesk google reader write token\x00" + secret))
	return hex.EncodeToString(sum[:20])
}

// greader authenticates a call (and for posts, its T token) before fn.
func (h *Handler) greader(write bool, fn func(http.ResponseWriter, *http.Request, model.User, string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		authz := r.Header.Get("Authorization")
		secret, ok := strings.CutPrefix(authz, "GoogleLogin auth=")
		secret = strings.TrimSpace(secret)
		if !ok || secret == "" {
			writeText(w, http.StatusUnauthorized, "Unauthorized: send Authorization: GoogleLogin auth=… from /accounts/ClientLogin\n")
			return
		}
		u, _, err := h.tokens.AuthenticateToken(h.authContext(r), secret, model.ScopeReader)
		if err != nil {
			h.authFailed(w, r, err)
			return
		}
		if err := r.ParseForm(); err != nil {
			writeText(w, http.StatusBadRequest, "Bad request: "+formError(err)+"\n")
			return
		}
		if out := r.Form.Get("output"); out != "" && out != "json" {
			writeText(w, http.StatusBadRequest, "Bad request: only output=json is served\n")
			return
		}
		if write && subtle.ConstantTimeCompare([]byte(r.PostForm.Get("T")), []byte(writeToken(secret))) != 1 &&
			subtle.ConstantTimeCompare([]byte(r.URL.Query().Get("T")), []byte(writeToken(secret))) != 1 {
			w.Header().Set("X-Reader-Google-Bad-Token", "true")
			writeText(w, http.StatusUnauthorized, "Unauthorized: missing or stale T token; get one from /reader/api/0/token\n")
			return
		}
		fn(w, r, u, secret)
	}
}

// formError says what was wrong with a form, without echoing it.
func formError(err error) string {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return fmt.Sprintf("the request body is larger than %d bytes", mbe.Limit)
	}
	return "the form could not be read"
}

func (h *Handler) writeTokenHandler(w http.ResponseWriter, r *http.Request, _ model.User, secret string) {
	writeText(w, http.StatusOK, writeToken(secret)+"\n")
}

func (h *Handler) userInfo(w http.ResponseWriter, r *http.Request, u model.User, _ string) {
	id := strconv.FormatInt(u.ID, 10)
	name := u.Name
	if name == "" {
		name = u.Email
	}
	writeJSON(w, http.StatusOK, map[string]any{"userId": id, "userName": name, "userProfileId": id, "userEmail": u.Email})
}

// feedStream is a subscription's stream ID.
func feedStream(id int64) string { return feedPrefix + strconv.FormatInt(id, 10) }

type gCategory struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

type gSubscription struct {
	ID         string      `json:"id"`
	Title      string      `json:"title"`
	Categories []gCategory `json:"categories"`
	URL        string      `json:"url"`
	HTMLURL    string      `json:"htmlUrl"`
	IconURL    string      `json:"iconUrl"`
}

func (h *Handler) subscriptionList(w http.ResponseWriter, r *http.Request, _ model.User, _ string) {
	c, err := h.catalog(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	subs := []gSubscription{}
	for _, f := range c.feeds {
		s := gSubscription{ID: feedStream(f.ID), Title: f.Title, Categories: []gCategory{}, URL: f.FeedURL,
			HTMLURL: f.SiteURL, IconURL: iconURL(f.SiteURL)}
		if f.Label != "" {
			s.Categories = append(s.Categories, gCategory{ID: labelPrefix + f.Label, Label: f.Label})
		}
		subs = append(subs, s)
	}
	writeJSON(w, http.StatusOK, map[string]any{"subscriptions": subs})
}

// iconURL is where an app may fetch a site's icon itself; "" when the
// site has no usable address.
func iconURL(site string) string {
	if !strings.HasPrefix(site, "https://") && !strings.HasPrefix(site, "http://") {
		return ""
	}
	scheme, rest, _ := strings.Cut(site, "://")
	host, _, _ := strings.Cut(rest, "/")
	if host == "" {
		return ""
	}
	return scheme + "://" + host + "/favicon.ico"
}

func (h *Handler) tagList(w http.ResponseWriter, r *http.Request, _ model.User, _ string) {
	c, err := h.catalog(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	type tag struct {
		ID   string `json:"id"`
		Type string `json:"type,omitempty"`
	}
	tags := []tag{{ID: streamStarred}}
	for _, cat := range c.labels {
		tags = append(tags, tag{ID: labelPrefix + cat.Name, Type: "folder"})
	}
	writeJSON(w, http.StatusOK, map[string]any{"tags": tags})
}

type gCount struct {
	ID     string `json:"id"`
	Count  int    `json:"count"`
	Newest string `json:"newestItemTimestampUsec"`
}

// unreadCount answers the unread articles per subscription, per label and
// in all.
func (h *Handler) unreadCount(w http.ResponseWriter, r *http.Request, u model.User, _ string) {
	c, err := h.catalog(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	counts, err := h.st.ReaderUnreadCounts(r.Context(), h.reader(u))
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	byStream := map[string]*gCount{}
	newest := map[string]int64{}
	var order []string
	bump := func(id string, cn store.ReaderCount) {
		g := byStream[id]
		if g == nil {
			g = &gCount{ID: id}
			byStream[id] = g
			order = append(order, id)
		}
		g.Count += cn.Unread
		newest[id] = max(newest[id], cn.Newest.UnixMicro())
	}
	total := 0
	for _, cn := range counts {
		if _, ok := c.feed(cn.SourceID); !ok {
			continue
		}
		total += cn.Unread
		bump(feedStream(cn.SourceID), cn)
		if cat, ok := c.byCat[cn.CategoryID]; ok {
			bump(labelPrefix+cat.Name, cn)
		}
		bump(streamReadingList, cn)
	}
	slices.Sort(order)
	out := []gCount{}
	for _, id := range order {
		g := byStream[id]
		g.Newest = strconv.FormatInt(newest[id], 10)
		out = append(out, *g)
	}
	writeJSON(w, http.StatusOK, map[string]any{"max": total, "unreadcounts": out})
}

// quickAdd adds a source from an address, for editors and admins.
func (h *Handler) quickAdd(w http.ResponseWriter, r *http.Request, u model.User, _ string) {
	h.subscribe(w, r, u, strings.TrimSpace(r.Form.Get("quickadd")), "", "")
}

// subscriptionEdit adds a source (ac=subscribe) for editors and admins.
// Renaming, relabelling and unsubscribing change the newsroom's sources
// for everyone, so they are left to the desk's sources pages.
func (h *Handler) subscriptionEdit(w http.ResponseWriter, r *http.Request, u model.User, _ string) {
	if r.Form.Get("ac") != "subscribe" {
		writeText(w, http.StatusForbidden, "Sources are shared by the whole newsroom: rename, file or remove them at /admin/sources.\n")
		return
	}
	s := strings.TrimSpace(r.Form.Get("s"))
	raw, ok := strings.CutPrefix(s, feedPrefix)
	if !ok {
		writeText(w, http.StatusBadRequest, "Bad request: s must be feed/ and the feed's address\n")
		return
	}
	label, _ := strings.CutPrefix(r.Form.Get("a"), labelPrefix)
	h.subscribe(w, r, u, raw, strings.TrimSpace(r.Form.Get("t")), label)
}

func (h *Handler) subscribe(w http.ResponseWriter, r *http.Request, u model.User, raw, name, label string) {
	if !u.Role.CanEdit() {
		writeText(w, http.StatusForbidden, "Only editors and admins add sources to the newsroom; ask one, or suggest the feed to them.\n")
		return
	}
	if h.sub == nil {
		writeText(w, http.StatusForbidden, "This server adds sources only from the desk, at /admin/sources.\n")
		return
	}
	if !strings.HasPrefix(raw, "https://") && !strings.HasPrefix(raw, "http://") {
		writeText(w, http.StatusBadRequest, "Bad request: give the feed's or the site's http(s) address\n")
		return
	}
	src, err := h.sub.Subscribe(r.Context(), raw, name, label)
	if errors.Is(err, ingest.ErrAlreadySubscribed) || errors.Is(err, store.ErrDuplicate) {
		writeText(w, http.StatusConflict, "That feed is a source already.\n")
		return
	}
	if err != nil {
		// The feed could not be fetched or read: the app's request was
		// fine, the address was not.
		h.log.Info("readerapi: subscribe refused", "user_id", u.ID, "err", err)
		writeJSON(w, http.StatusOK, map[string]any{"query": raw, "numResults": 0, "error": err.Error()})
		return
	}
	h.audit(r, u, "source.add", "source", src.ID, fmt.Sprintf("%s <%s> (from a reading app)", src.Name, src.FeedURL))
	writeJSON(w, http.StatusOK, map[string]any{"query": raw, "numResults": 1, "streamId": feedStream(src.ID), "streamName": src.Name})
}
