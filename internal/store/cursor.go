package store

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Cursor marks a position in a newest-first listing: the publication time
// and ID of the last article of the previous page. Keyset pagination stays
// fast and stable while new articles arrive, unlike offsets.
type Cursor struct {
	PublishedAt time.Time
	ID          int64
}

// Encode renders the cursor as an opaque URL-safe string.
func (c Cursor) Encode() string {
	raw := strconv.FormatInt(c.PublishedAt.UnixMicro(), 10) + "." + strconv.FormatInt(c.ID, 10)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// DecodeCursor parses a cursor made by Encode. Anything else fails with
// ErrBadCursor, never a panic.
func DecodeCursor(s string) (Cursor, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, fmt.Errorf("%w: %q", ErrBadCursor, s)
	}
	ts, id, ok := strings.Cut(string(raw), ".")
	if !ok {
		return Cursor{}, fmt.Errorf("%w: %q", ErrBadCursor, s)
	}
	us, err1 := strconv.ParseInt(ts, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || n <= 0 {
		return Cursor{}, fmt.Errorf("%w: %q", ErrBadCursor, s)
	}
	return Cursor{PublishedAt: time.UnixMicro(us).UTC(), ID: n}, nil
}
