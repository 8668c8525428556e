package readerapi

import (
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// Bounds on what one call may ask for: apps ask for thousands of item
// IDs at once, but contents come in pages.
const (
	maxIDsPage      = store.MaxReaderLimit - 1 // one more is read to tell whether a page follows
	maxContentsPage = 1000
	maxItemsPerCall = store.MaxReaderIDs
	itemIDPrefix    = "tag:google.com,2005:reader/item/"
)

// badRequest is a client mistake, answered 400 with its message.
type badRequest string

func (e badRequest) Error() string { return string(e) }

// fail answers err: a badRequest with 400, anything else as ours.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	var br badRequest
	if errors.As(err, &br) {
		writeText(w, http.StatusBadRequest, "Bad request: "+string(br)+"\n")
		return
	}
	h.serverError(w, r, err)
}

// normalizeStream turns "user/1234/…" (the account's own ID) into
// "user/-/…".
func normalizeStream(s string) string {
	rest, ok := strings.CutPrefix(s, "user/")
	if !ok {
		return s
	}
	id, tail, ok := strings.Cut(rest, "/")
	if !ok || id == "-" {
		return s
	}
	if _, err := strconv.ParseUint(id, 10, 64); err != nil {
		return s
	}
	return "user/-/" + tail
}

// parseStream fills q with what stream s selects.
func parseStream(c *catalog, s string, q *store.ReaderQuery) error {
	s = normalizeStream(s)
	switch {
	case s == "" || s == streamReadingList:
	case s == streamStarred:
		q.Starred = true
	case s == streamRead:
		q.Read = true
	case strings.HasPrefix(s, feedPrefix):
		id, err := feedOf(c, strings.TrimPrefix(s, feedPrefix))
		if err != nil {
			return err
		}
		if id == 0 {
			q.Newsroom = true
		} else {
			q.SourceID = id
		}
	case strings.HasPrefix(s, labelPrefix):
		cat, ok := c.section(strings.TrimPrefix(s, labelPrefix))
		if !ok {
			// A label no article is filed under yet: an empty stream.
			q.CategoryID = -1
			return nil
		}
		q.CategoryID = cat.ID
	default:
		return badRequest(fmt.Sprintf("unknown stream %q", s))
	}
	return nil
}

// feedOf finds a subscription by ID or feed address.
func feedOf(c *catalog, ref string) (int64, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		if _, ok := c.feed(id); ok {
			return id, nil
		}
		return 0, badRequest(fmt.Sprintf("no subscription feed/%d", id))
	}
	if i, ok := c.byURL[ref]; ok {
		return c.feeds[i].ID, nil
	}
	return 0, badRequest("no subscription with that feed address")
}

// streamQuery reads a stream call's parameters (n, c, ot, nt, r, xt, it)
// and returns the query with one more than the page size, to tell
// whether a continuation follows.
func (h *Handler) streamQuery(c *catalog, u model.User, stream string, form url.Values, maxN int) (store.ReaderQuery, int, error) {
	q := store.ReaderQuery{User: h.reader(u)}
	if err := parseStream(c, stream, &q); err != nil {
		return q, 0, err
	}
	n := 20
	if v := form.Get("n"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			return q, 0, badRequest("n must be a positive number")
		}
		n = min(n, maxN)
	}
	q.Limit = min(n+1, store.MaxReaderLimit)
	switch form.Get("r") {
	case "o":
		q.Oldest = true
	case "", "n", "d":
	default:
		return q, 0, badRequest("r must be o (oldest first) or left out")
	}
	if v := form.Get("c"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return q, 0, badRequest("c is not a continuation this server gave")
		}
		if q.Oldest {
			q.AfterID = id
		} else {
			q.BeforeID = id
		}
	}
	for name, dst := range map[string]*time.Time{"ot": &q.FetchedAfter, "nt": &q.FetchedBefore} {
		if v := form.Get(name); v != "" {
			sec, err := strconv.ParseInt(v, 10, 64)
			if err != nil || sec < 0 || sec > 1<<40 {
				return q, 0, badRequest(name + " must be a time in seconds since 1970")
			}
			*dst = time.Unix(sec, 0)
		}
	}
	for _, x := range form["xt"] {
		switch normalizeStream(x) {
		case streamRead:
			q.Unread = true
		default:
			return q, 0, badRequest(fmt.Sprintf("xt=%q: only the read state can be excluded", x))
		}
	}
	for _, it := range form["it"] {
		switch normalizeStream(it) {
		case streamRead:
			q.Read = true
		case streamStarred:
			q.Starred = true
		case streamReadingList:
		default:
			return q, 0, badRequest(fmt.Sprintf("it=%q: only the read and starred states can be included", it))
		}
	}
	return q, n, nil
}

// page runs q and cuts it to n items, with the continuation when more
// follow.
func (h *Handler) page(r *http.Request, q store.ReaderQuery, n int) ([]model.ReaderItem, string, error) {
	items, err := h.st.ReaderItems(r.Context(), q)
	if err != nil {
		return nil, "", err
	}
	if len(items) > n {
		items = items[:n]
		return items, strconv.FormatInt(items[n-1].Article.ID, 10), nil
	}
	return items, "", nil
}

func (h *Handler) itemIDs(w http.ResponseWriter, r *http.Request, u model.User, _ string) {
	c, err := h.catalog(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	q, n, err := h.streamQuery(c, u, r.Form.Get("s"), r.Form, maxIDsPage)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q.IDsOnly = true
	items, cont, err := h.page(r, q, n)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	type ref struct {
		ID        string   `json:"id"`
		Streams   []string `json:"directStreamIds"`
		Timestamp string   `json:"timestampUsec"`
	}
	refs := make([]ref, 0, len(items))
	for _, it := range items {
		refs = append(refs, ref{ID: strconv.FormatInt(it.Article.ID, 10), Streams: []string{feedStream(it.Article.SourceID)},
			Timestamp: strconv.FormatInt(it.Article.FetchedAt.UnixMicro(), 10)})
	}
	out := map[string]any{"itemRefs": refs}
	if cont != "" {
		out["continuation"] = cont
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *Handler) streamContents(w http.ResponseWriter, r *http.Request, u model.User, _ string) {
	stream := r.PathValue("stream")
	if stream == "" {
		stream = r.Form.Get("s")
	}
	c, err := h.catalog(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	q, n, err := h.streamQuery(c, u, stream, r.Form, maxContentsPage)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q.Bodies = true
	items, cont, err := h.page(r, q, n)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	out := map[string]any{"id": stream, "updated": h.now().Unix(), "items": h.gItems(c, items)}
	if cont != "" {
		out["continuation"] = cont
	}
	writeJSON(w, http.StatusOK, out)
}

// parseItemID reads an item ID in its long form (hex after
// tag:google.com,2005:reader/item/) or its short, decimal one.
func parseItemID(s string) (int64, error) {
	var id int64
	var err error
	if hexID, ok := strings.CutPrefix(s, itemIDPrefix); ok {
		var u uint64
		u, err = strconv.ParseUint(hexID, 16, 64)
		id = int64(u)
	} else {
		id, err = strconv.ParseInt(s, 10, 64)
	}
	if err != nil || id <= 0 {
		return 0, badRequest(fmt.Sprintf("%q is not an item ID", s))
	}
	return id, nil
}

// itemIDsOf reads the repeated i parameter.
func itemIDsOf(form url.Values) ([]int64, error) {
	raw := form["i"]
	if len(raw) == 0 {
		return nil, badRequest("give the items as i=…")
	}
	if len(raw) > maxItemsPerCall {
		return nil, badRequest(fmt.Sprintf("at most %d items a call", maxItemsPerCall))
	}
	ids := make([]int64, 0, len(raw))
	for _, s := range raw {
		id, err := parseItemID(strings.TrimSpace(s))
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func (h *Handler) itemContents(w http.ResponseWriter, r *http.Request, u model.User, _ string) {
	ids, err := itemIDsOf(r.Form)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.catalog(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	items, err := h.st.ReaderItems(r.Context(), store.ReaderQuery{User: h.reader(u), IDs: ids, Limit: len(ids), Bodies: true})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": streamReadingList, "updated": h.now().Unix(), "items": h.gItems(c, items)})
}

type gLink struct {
	Href string `json:"href"`
	Type string `json:"type,omitempty"`
}

type gItem struct {
	ID            string   `json:"id"`
	CrawlTimeMsec string   `json:"crawlTimeMsec"`
	TimestampUsec string   `json:"timestampUsec"`
	Published     int64    `json:"published"`
	Updated       int64    `json:"updated"`
	Title         string   `json:"title"`
	Canonical     []gLink  `json:"canonical"`
	Alternate     []gLink  `json:"alternate"`
	Summary       gContent `json:"summary"`
	Author        string   `json:"author"`
	Origin        gOrigin  `json:"origin"`
	Categories    []string `json:"categories"`
	Enclosure     []gLink  `json:"enclosure,omitempty"`
}

type gContent struct {
	Direction string `json:"direction"`
	Content   string `json:"content"`
}

type gOrigin struct {
	StreamID string `json:"streamId"`
	Title    string `json:"title"`
	HTMLURL  string `json:"htmlUrl"`
}

// gItems renders items as Google Reader items.
func (h *Handler) gItems(c *catalog, items []model.ReaderItem) []gItem {
	out := make([]gItem, 0, len(items))
	for _, it := range items {
		a := it.Article
		href := h.articleURL(a)
		updated := a.PublishedAt
		if a.UpdatedAt.After(updated) {
			updated = a.UpdatedAt
		}
		g := gItem{
			ID:            fmt.Sprintf("%s%016x", itemIDPrefix, a.ID),
			CrawlTimeMsec: strconv.FormatInt(a.FetchedAt.UnixMilli(), 10),
			TimestampUsec: strconv.FormatInt(a.FetchedAt.UnixMicro(), 10),
			Published:     a.PublishedAt.Unix(),
			Updated:       updated.Unix(),
			Title:         a.Title,
			Canonical:     []gLink{{Href: href}},
			Alternate:     []gLink{{Href: href, Type: "text/html"}},
			Summary:       gContent{Direction: "ltr", Content: contentHTML(a)},
			Author:        a.Byline,
			Origin:        gOrigin{StreamID: feedStream(a.SourceID), Title: a.SourceName},
			Categories:    []string{streamReadingList},
		}
		if f, ok := c.feed(a.SourceID); ok {
			g.Origin.Title, g.Origin.HTMLURL = f.Title, f.SiteURL
		}
		if it.Read {
			g.Categories = append(g.Categories, streamRead)
		}
		if it.Starred {
			g.Categories = append(g.Categories, streamStarred)
		}
		if cat, ok := c.byCat[it.CategoryID]; ok {
			g.Categories = append(g.Categories, labelPrefix+cat.Name)
		}
		if a.ImageURL != "" {
			g.Enclosure = []gLink{{Href: a.ImageURL, Type: "image"}}
		}
		out = append(out, g)
	}
	return out
}

// contentHTML is the article's stored, sanitized HTML, or when it has no
// body its excerpt, which is plain text and escaped here.
func contentHTML(a model.Article) string {
	if a.ContentHTML != "" {
		return a.ContentHTML
	}
	if a.Excerpt == "" {
		return ""
	}
	return "<p>" + html.EscapeString(a.Excerpt) + "</p>"
}
