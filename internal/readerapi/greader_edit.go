package readerapi

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// States apps set beside read and starred, which newsdesk does not keep:
// "kept unread" is simply unread here, and the tracking states record
// what the app did, not what the reader wants.
const (
	stateKeptUnread = "user/-/state/com.google/kept-unread"
	stateTracking   = "user/-/state/com.google/tracking-"
)

// editTag adds (a=) and removes (r=) the read and starred states of the
// items i=.
func (h *Handler) editTag(w http.ResponseWriter, r *http.Request, u model.User, _ string) {
	ids, err := itemIDsOf(r.Form)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var change store.ReaderChange
	set := func(dst **bool, v bool, tag string) error {
		if *dst != nil && **dst != v {
			return badRequest(fmt.Sprintf("%s is both added and removed", tag))
		}
		*dst = &v
		return nil
	}
	for _, op := range []struct {
		param string
		add   bool
	}{{"a", true}, {"r", false}} {
		for _, raw := range r.Form[op.param] {
			tag := normalizeStream(strings.TrimSpace(raw))
			var err error
			switch {
			case tag == streamRead:
				err = set(&change.Read, op.add, tag)
			case tag == streamStarred:
				err = set(&change.Starred, op.add, tag)
			case tag == stateKeptUnread:
				if op.add {
					err = set(&change.Read, false, streamRead)
				}
			case strings.HasPrefix(tag, stateTracking), tag == streamReadingList:
			default:
				err = badRequest(fmt.Sprintf("%q: only the read and starred states can be set on items", raw))
			}
			if err != nil {
				h.fail(w, r, err)
				return
			}
		}
	}
	if change.Read == nil && change.Starred == nil {
		writeText(w, http.StatusOK, "OK")
		return
	}
	if _, err := h.st.ReaderSetState(r.Context(), h.reader(u), ids, change); err != nil {
		h.serverError(w, r, err)
		return
	}
	writeText(w, http.StatusOK, "OK")
}

// markAllAsRead marks a stream read up to ts (or now).
func (h *Handler) markAllAsRead(w http.ResponseWriter, r *http.Request, u model.User, _ string) {
	c, err := h.catalog(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	s := r.Form.Get("s")
	if s == "" {
		h.fail(w, r, badRequest("give the stream to mark as s=…"))
		return
	}
	var q store.ReaderQuery
	if err := parseStream(c, s, &q); err != nil {
		h.fail(w, r, err)
		return
	}
	var scope store.ReaderScope
	switch {
	case q.Starred || q.Read:
		h.fail(w, r, badRequest("only the reading list, a feed or a label can be marked as read"))
		return
	case q.Newsroom:
		scope = store.ReaderScope{Source: true}
	case q.SourceID != 0:
		scope = store.ReaderScope{Source: true, SourceID: q.SourceID}
	case q.CategoryID < 0:
		writeText(w, http.StatusOK, "OK") // a label with no articles
		return
	case q.CategoryID != 0:
		scope = store.ReaderScope{CategoryID: q.CategoryID}
	}
	before, err := markTime(r.Form.Get("ts"), h.now())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.st.ReaderMarkRead(r.Context(), u.ID, scope, before); err != nil {
		h.serverError(w, r, err)
		return
	}
	writeText(w, http.StatusOK, "OK")
}

// markTime reads the ts of mark-all-as-read: microseconds as Google
// Reader sent them, though apps also send milliseconds or seconds, told
// apart by size. Never later than now: articles yet to come stay unread.
func markTime(v string, now time.Time) (time.Time, error) {
	if v == "" {
		return now, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, badRequest("ts must be a time in microseconds since 1970")
	}
	var t time.Time
	switch {
	case n >= 1e15:
		t = time.UnixMicro(n)
	case n >= 1e12:
		t = time.UnixMilli(n)
	default:
		t = time.Unix(n, 0)
	}
	if t.After(now) {
		t = now
	}
	return t, nil
}
