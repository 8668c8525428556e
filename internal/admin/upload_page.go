package admin

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/newsdesk/newsdesk/internal/media"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// mediaPageSize is the number of photos a page of the grid shows.
const mediaPageSize = 24

// mediaRoutes registers the photos page: writers upload photos there
// and find the addresses of those uploaded (the article form uploads its
// lead photo itself, through receiveImage).
func (s *server) mediaRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /admin/media", writers, s.handleMedia)
	s.handle(mux, "POST /admin/media", writers, s.handleMediaUpload)
}

// mediaItem is one photo of the grid.
type mediaItem struct {
	model.Image
	Thumb           string // the variant shown in the grid
	ThumbW, ThumbH  int
	Srcset          string
	URL             string // the largest variant's public address
	AbsURL          string // the same with the site's address, to paste elsewhere
	When, ISO       string
	Mine            bool
	Sizes           []mediaSize
	Megapixels, KiB string
}

// mediaSize links one variant.
type mediaSize struct {
	Width int
	URL   string
}

// mediaPage is the data of the photos page.
type mediaPage struct {
	Items    []mediaItem
	Next     string
	Problem  string // why the upload was refused, next to the file field
	Uploaded *mediaItem
	Existed  bool // the uploaded photo was stored already
	MaxMB    int
	MinWidth int
}

func (s *server) handleMedia(w http.ResponseWriter, r *http.Request, rq *request) error {
	page := mediaPage{}
	if v := r.URL.Query().Get("uploaded"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return badRequest("The photo number %q is not valid.", v)
		}
		img, err := s.st.GetImage(r.Context(), id)
		if err != nil {
			return err
		}
		item := s.mediaItem(img, rq)
		page.Uploaded, page.Existed = &item, r.URL.Query().Get("existed") == "1"
	}
	return s.renderMedia(w, r, rq, http.StatusOK, page)
}

func (s *server) handleMediaUpload(w http.ResponseWriter, r *http.Request, rq *request) error {
	img, ok, existed, err := s.storeUpload(r, rq, "photo")
	if msg, refused := uploadProblem(err); refused {
		status, _ := classify(err) // 413 for a file over the limit, 422 for the rest
		return s.renderMedia(w, r, rq, status, mediaPage{Problem: msg})
	}
	if err != nil {
		return err
	}
	if !ok {
		return s.renderMedia(w, r, rq, http.StatusUnprocessableEntity, mediaPage{Problem: "Choose a photo to upload."})
	}
	to := "/admin/media?uploaded=" + strconv.FormatInt(img.ID, 10)
	if existed {
		to += "&existed=1"
	}
	redirect(w, to)
	return nil
}

// renderMedia shows the photos page: the upload form (with page's
// notice or problem) above a page of the grid.
func (s *server) renderMedia(w http.ResponseWriter, r *http.Request, rq *request, status int, page mediaPage) error {
	cursor := r.URL.Query().Get("cursor")
	imgs, next, err := s.st.ListImages(r.Context(), store.ImageFilter{Limit: mediaPageSize, Cursor: cursor})
	if err != nil {
		return err
	}
	for _, img := range imgs {
		page.Items = append(page.Items, s.mediaItem(img, rq))
	}
	if next != "" {
		page.Next = "/admin/media?" + url.Values{"cursor": {next}}.Encode()
	}
	page.MaxMB, page.MinWidth = media.MaxBytes>>20, media.MinWidth
	return s.render(w, r, status, "media", view{Frame: rq.frame("Photos", "media"), Page: page})
}

func (s *server) mediaItem(img model.Image, rq *request) mediaItem {
	thumb := img.Fit(320)
	largest := img.Largest()
	it := mediaItem{
		Image: img, Thumb: s.imageURL(img, 320), ThumbW: thumb.Width, ThumbH: thumb.Height,
		Srcset: media.Srcset(img), URL: s.imageURL(img, largest.Width),
		Mine:       img.UploadedBy != 0 && img.UploadedBy == rq.user.ID,
		Megapixels: fmt.Sprintf("%.1f", float64(img.Width)*float64(img.Height)/1e6),
		KiB:        strconv.Itoa((largest.Size + 1023) / 1024),
	}
	it.AbsURL = strings.TrimRight(s.siteNow().BaseURL, "/") + it.URL
	it.When, it.ISO = s.formatTime(img.CreatedAt)
	for _, v := range img.Variants {
		it.Sizes = append(it.Sizes, mediaSize{v.Width, media.URL(img.ID, v.Width, img.Ext())})
	}
	return it
}
