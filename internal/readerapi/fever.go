package readerapi

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// The Fever API: one address, /fever/?api, where every call posts the
// account's api_key (md5 of "email:token", which the app computes from
// what the reader typed) and names in the query what it wants: groups,
// feeds, favicons, items, links, unread_item_ids, saved_item_ids; and
// posts mark/as/id/before to change the state. Sections are groups,
// subscriptions are feeds (the newsroom's own is feed 0), and group 0 is
// everything.

const (
	feverVersion = 3
	// feverPage is how many items one items call returns, the protocol's
	// fixed page size; with_ids takes at most as many.
	feverPage = 50
	// feverIcon is the one icon every feed gets: a transparent 1x1 GIF (as
	// image/gif encodes it), since
	// the server stores no favicons of the sites it follows.
	feverIconID = 1
	feverIcon   = "image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="
)

func (h *Handler) fever(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"api_version": feverVersion, "auth": 0, "error": formError(err)})
		return
	}
	if r.Form.Get("api") == "xml" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"api_version": feverVersion, "auth": 0, "error": "only JSON is served: ask ?api"})
		return
	}
	key := strings.TrimSpace(r.PostForm.Get("api_key"))
	if key == "" {
		writeJSON(w, http.StatusOK, map[string]any{"api_version": feverVersion, "auth": 0})
		return
	}
	u, err := h.tokens.AuthenticateFeverKey(h.authContext(r), key)
	if err != nil {
		if retryAfter(w, err) {
			writeJSON(w, http.StatusTooManyRequests, map[string]any{"api_version": feverVersion, "auth": 0})
			return
		}
		var br badRequest
		if errors.As(err, &br) || isAuthRefusal(err) {
			writeJSON(w, http.StatusOK, map[string]any{"api_version": feverVersion, "auth": 0})
			return
		}
		h.serverError(w, r, err)
		return
	}
	out, err := h.feverAnswer(r, u)
	if err != nil {
		var br badRequest
		if errors.As(err, &br) {
			writeJSON(w, http.StatusBadRequest, map[string]any{"api_version": feverVersion, "auth": 1, "error": string(br)})
			return
		}
		h.serverError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// feverAnswer applies the call's mark, if any, then gathers what it asks
// for.
func (h *Handler) feverAnswer(r *http.Request, u model.User) (map[string]any, error) {
	ctx := r.Context()
	ru := h.reader(u)
	out := map[string]any{"api_version": feverVersion, "auth": 1}
	// The subscriptions and sections are read only by the calls that
	// need them: an app asks for items and IDs far more often.
	var c *catalog
	cat := func() (*catalog, error) {
		if c != nil {
			return c, nil
		}
		var err error
		c, err = h.catalog(ctx)
		return c, err
	}
	if mark := r.Form.Get("mark"); mark != "" {
		if err := h.feverMark(r, cat, u, mark); err != nil {
			return nil, err
		}
	}
	newest, err := h.st.ReaderItems(ctx, store.ReaderQuery{User: ru, Limit: 1, IDsOnly: true})
	if err != nil {
		return nil, err
	}
	out["last_refreshed_on_time"] = int64(0)
	if len(newest) > 0 {
		out["last_refreshed_on_time"] = newest[0].Article.FetchedAt.Unix()
	}
	asked := func(name string) bool { _, ok := r.Form[name]; return ok }
	if asked("groups") || asked("feeds") {
		if _, err := cat(); err != nil {
			return nil, err
		}
	}
	if asked("groups") {
		out["groups"] = feverGroups(c)
		out["feeds_groups"] = feverFeedsGroups(c)
	}
	if asked("feeds") {
		feeds := []map[string]any{}
		for _, f := range c.feeds {
			var updated int64
			if !f.Updated.IsZero() {
				updated = f.Updated.Unix()
			}
			feeds = append(feeds, map[string]any{"id": f.ID, "favicon_id": feverIconID, "title": f.Title, "url": f.FeedURL,
				"site_url": f.SiteURL, "is_spark": 0, "last_updated_on_time": updated})
		}
		out["feeds"] = feeds
		out["feeds_groups"] = feverFeedsGroups(c)
	}
	if asked("favicons") {
		out["favicons"] = []map[string]any{{"id": feverIconID, "data": feverIcon}}
	}
	if asked("items") {
		items, err := h.feverItems(r, ru)
		if err != nil {
			return nil, err
		}
		out["items"] = items
		total, err := h.st.ReaderTotal(ctx)
		if err != nil {
			return nil, err
		}
		out["total_items"] = total
	}
	if asked("links") {
		out["links"] = []any{}
	}
	if asked("unread_item_ids") {
		ids, err := h.feverIDs(r, store.ReaderQuery{User: ru, Unread: true})
		if err != nil {
			return nil, err
		}
		out["unread_item_ids"] = ids
	}
	if asked("saved_item_ids") {
		ids, err := h.feverIDs(r, store.ReaderQuery{User: ru, Starred: true})
		if err != nil {
			return nil, err
		}
		out["saved_item_ids"] = ids
	}
	return out, nil
}

func feverGroups(c *catalog) []map[string]any {
	groups := []map[string]any{}
	seen := map[int64]bool{}
	add := func(cat model.Category) {
		if !seen[cat.ID] {
			seen[cat.ID] = true
			groups = append(groups, map[string]any{"id": cat.ID, "title": cat.Name})
		}
	}
	for _, cat := range c.labels {
		add(cat)
	}
	for _, f := range c.feeds {
		if cat, ok := c.byCat[f.LabelID]; ok {
			add(cat)
		}
	}
	return groups
}

func feverFeedsGroups(c *catalog) []map[string]any {
	out := []map[string]any{}
	for _, g := range feverGroups(c) {
		id := g["id"].(int64)
		if feeds := c.feedsIn(id); len(feeds) > 0 {
			out = append(out, map[string]any{"group_id": id, "feed_ids": joinIDs(feeds)})
		}
	}
	return out
}

func joinIDs(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}

// feverID reads a positive ID parameter.
func feverID(r *http.Request, name string) (int64, bool, error) {
	v := strings.TrimSpace(r.Form.Get(name))
	if v == "" {
		return 0, false, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 0 {
		return 0, false, badRequest(name + " must be an item ID")
	}
	return id, true, nil
}

// feverItems answers one page of items: with_ids, or after since_id
// (oldest first), or before max_id (newest first; max_id=0 is the
// newest); with none of them, from the first.
func (h *Handler) feverItems(r *http.Request, ru store.ReaderUser) ([]map[string]any, error) {
	q := store.ReaderQuery{User: ru, Limit: feverPage, Bodies: true}
	if v := r.Form.Get("with_ids"); v != "" {
		parts := strings.Split(v, ",")
		if len(parts) > feverPage {
			return nil, badRequest(fmt.Sprintf("with_ids takes at most %d IDs", feverPage))
		}
		for _, p := range parts {
			id, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64)
			if err != nil || id <= 0 {
				return nil, badRequest("with_ids must be item IDs separated by commas")
			}
			q.IDs = append(q.IDs, id)
		}
	} else {
		since, hasSince, err := feverID(r, "since_id")
		if err != nil {
			return nil, err
		}
		maxID, hasMax, err := feverID(r, "max_id")
		if err != nil {
			return nil, err
		}
		switch {
		case hasMax && !hasSince:
			// Paging back from the lowest ID an app holds; 0 (its
			// first call) asks for the newest.
			q.BeforeID = maxID
		default:
			q.AfterID, q.Oldest = since, true
			if hasMax && maxID > 0 {
				q.BeforeID = maxID
			}
		}
	}
	items, err := h.st.ReaderItems(r.Context(), q)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(items))
	for _, it := range items {
		a := it.Article
		out = append(out, map[string]any{"id": a.ID, "feed_id": a.SourceID, "title": a.Title, "author": a.Byline,
			"html": contentHTML(a), "url": h.articleURL(a), "is_saved": b2i(it.Starred), "is_read": b2i(it.Read),
			"created_on_time": a.PublishedAt.Unix()})
	}
	return out, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// feverIDs lists the IDs q selects, newest first, as the protocol's
// comma-separated string (at most store.MaxReaderLimit of them).
func (h *Handler) feverIDs(r *http.Request, q store.ReaderQuery) (string, error) {
	q.Limit, q.IDsOnly = store.MaxReaderLimit, true
	items, err := h.st.ReaderItems(r.Context(), q)
	if err != nil {
		return "", err
	}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.Article.ID
	}
	return joinIDs(ids), nil
}

// feverMark applies mark=item|feed|group with as= and id= (and before=
// for feeds and groups, a time in seconds).
func (h *Handler) feverMark(r *http.Request, cat func() (*catalog, error), u model.User, mark string) error {
	as := r.Form.Get("as")
	idText := strings.TrimSpace(r.Form.Get("id"))
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return badRequest("id must be a number")
	}
	switch mark {
	case "item":
		yes, no := true, false
		var ch store.ReaderChange
		switch as {
		case "read":
			ch.Read = &yes
		case "unread":
			ch.Read = &no
		case "saved":
			ch.Starred = &yes
		case "unsaved":
			ch.Starred = &no
		default:
			return badRequest("as must be read, unread, saved or unsaved")
		}
		if id <= 0 {
			return badRequest("id must be an item ID")
		}
		_, err := h.st.ReaderSetState(r.Context(), h.reader(u), []int64{id}, ch)
		return err
	case "feed", "group":
		if as != "read" {
			return badRequest("feeds and groups can only be marked as read")
		}
		before := h.now()
		if v := strings.TrimSpace(r.Form.Get("before")); v != "" {
			sec, err := strconv.ParseInt(v, 10, 64)
			if err != nil || sec < 0 || sec > 1<<40 {
				return badRequest("before must be a time in seconds since 1970")
			}
			if t := time.Unix(sec, 0); t.Before(before) {
				before = t
			}
		}
		c, err := cat()
		if err != nil {
			return err
		}
		var scope store.ReaderScope
		if mark == "feed" {
			if _, ok := c.feed(id); !ok {
				return badRequest(fmt.Sprintf("no feed %d", id))
			}
			scope = store.ReaderScope{Source: true, SourceID: id}
		} else {
			switch {
			case id == 0: // Kindling: everything
			case id < 0: // Sparks: there are none
				return nil
			default:
				if _, ok := c.byCat[id]; !ok {
					return badRequest(fmt.Sprintf("no group %d", id))
				}
				scope = store.ReaderScope{CategoryID: id}
			}
		}
		return h.st.ReaderMarkRead(r.Context(), u.ID, scope, before)
	}
	return badRequest("mark must be item, feed or group")
}
