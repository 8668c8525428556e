package web

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"github.com/newsdesk/newsdesk/internal/media"
)

// handleMedia serves one variant of an uploaded photo at the address
// media.URL gives it, "/media/{id}/{width}.{jpg|png}". What is stored
// at an address never changes (a new upload gets a new id), so browsers
// and caches keep it for a year without asking again; the ETag answers
// those that ask anyway with a 304. Any address that is not a stored
// variant, however malformed, is a 404 page.
func (s *server) handleMedia(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != r.PathValue("id") {
		return errNotFound
	}
	width, contentType, ok := media.ParseVariantFile(r.PathValue("file"))
	if !ok {
		return errNotFound
	}
	img, v, err := s.store.GetImageVariant(r.Context(), id, width)
	if err != nil {
		return err // a missing image or width is store.ErrNotFound: 404
	}
	if img.ContentType != contentType {
		return errNotFound // the right width under the other extension
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	// The upload's digest names the picture, the width the variant: the
	// tag stays true for these bytes even across a restored database.
	h.Set("ETag", `"`+img.SHA256[:min(32, len(img.SHA256))]+"-"+strconv.Itoa(width)+`"`)
	// ServeContent answers If-None-Match with 304, HEAD without a body,
	// ranges, and sets Content-Length.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(v.Data))
	return nil
}
