package admin

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/media"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// mediaStore is what photo uploads need of the store.
type mediaStore interface {
	SaveImage(ctx context.Context, img model.Image) (model.Image, bool, error)
	GetImage(ctx context.Context, id int64) (model.Image, error)
	ListImages(ctx context.Context, f store.ImageFilter) ([]model.Image, string, error)
}

// Bounds of a form post carrying a file (multipart/form-data): the
// largest photo plus room for the rest of the form (an article's text
// and fields), of which uploadMemory is held in memory and the rest
// spooled to a temporary file that the server removes after the request.
const (
	maxUploadBody = media.MaxBytes + 2<<20
	uploadMemory  = 8 << 20
)

// readPost reads the body of a signed-in form post: a form with a file
// (multipart/form-data) of up to maxUploadBody, any other of up to
// limit. Either way its fields land in r.PostForm, where signedIn reads
// the form token; the files of a multipart post are in r.MultipartForm.
func readPost(w http.ResponseWriter, r *http.Request, limit int64) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return parseForm(w, r, limit)
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
	if err := r.ParseMultipartForm(uploadMemory); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &httpError{http.StatusRequestEntityTooLarge, fmt.Sprintf(
				"The form sent more than %d MB. A photo may be at most %d MB: export it at a smaller size or a lower quality and send the form again.",
				maxUploadBody>>20, media.MaxBytes>>20)}
		}
		return badRequest("The form could not be read: %s.", strings.TrimPrefix(err.Error(), "http: "))
	}
	return nil
}

// receiveImage stores the photo uploaded in the file field named field
// of a multipart form post, for the article form and the photos page.
// ok is false, with no error, when no file was chosen. Otherwise the
// file is checked by its content and re-encoded (internal/media), stored
// once however often it is uploaded, with rq's user as its uploader, and
// a new one recorded in the audit log ("media.upload").
//
// A file the editor must replace (not a photo, damaged, too large or
// too small) fails with an *httpError of status 422, or 413 for a file
// over media.MaxBytes, whose message is written for the editor: show it
// next to the field (uploadProblem tells such errors apart) and keep
// the rest of the form. Any other error is the server's.
func (s *server) receiveImage(r *http.Request, rq *request, field string) (img model.Image, ok bool, err error) {
	img, ok, _, err = s.storeUpload(r, rq, field)
	return img, ok, err
}

// photoSlot admits two photos at a time to media.Process.
var photoSlot = make(chan struct{}, 2)

// storeUpload is receiveImage, also saying whether the photo was stored
// already (existed), so the photos page can say so.
func (s *server) storeUpload(r *http.Request, rq *request, field string) (img model.Image, ok, existed bool, err error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File[field]) == 0 {
		return model.Image{}, false, false, nil
	}
	fh := r.MultipartForm.File[field][0]
	name := uploadName(fh.Filename)
	if fh.Size > media.MaxBytes {
		return model.Image{}, true, false, tooLargeUpload(name)
	}
	f, err := fh.Open()
	if err != nil {
		return model.Image{}, true, false, fmt.Errorf("admin: open upload: %w", err)
	}
	defer f.Close()
	data, err := media.ReadUpload(f)
	if err != nil {
		return model.Image{}, true, false, refusal(name, err)
	}
	// At most two photos at a time per process: each takes a core for
	// about a second and some 50 MB (BenchmarkProcess), and a burst of
	// uploads should queue rather than starve the site's pages.
	select {
	case photoSlot <- struct{}{}:
	case <-r.Context().Done():
		return model.Image{}, true, false, r.Context().Err()
	}
	p, err := media.Process(data)
	<-photoSlot
	if err != nil {
		return model.Image{}, true, false, refusal(name, err)
	}
	img, existed, err = s.st.SaveImage(r.Context(), p.Image(name, rq.user.ID))
	if err != nil {
		return model.Image{}, true, false, fmt.Errorf("admin: store upload: %w", err)
	}
	if !existed {
		s.audit(r, rq, "media.upload", "image", img.ID, fmt.Sprintf("%s: %d × %d pixels, %s, %d variants",
			name, img.Width, img.Height, strings.ToUpper(p.Format), len(img.Variants)))
	}
	return img, true, existed, nil
}

// refusal turns media's refusal of the file name into the error the
// form shows: 413 for a file over the size limit, 422 for the rest.
// Errors that are not refusals (reading the upload failed) pass as they
// are.
func refusal(name string, err error) error {
	var me *media.Error
	if !errors.As(err, &me) {
		return err
	}
	if errors.Is(err, media.ErrFileTooLarge) {
		return tooLargeUpload(name)
	}
	return &httpError{http.StatusUnprocessableEntity, "“" + name + "”: " + me.Error()}
}

func tooLargeUpload(name string) error {
	return &httpError{http.StatusRequestEntityTooLarge, fmt.Sprintf(
		"“%s” is larger than %d MB, the most a photo may be. Export it at a smaller size or a lower quality and upload it again.",
		name, media.MaxBytes>>20)}
}

// uploadProblem returns the message of an error receiveImage returns
// for a file the editor must replace (status 422 or 413), to show next
// to the file field; ok is false for any other error.
func uploadProblem(err error) (msg string, ok bool) {
	var he *httpError
	if errors.As(err, &he) && (he.status == http.StatusUnprocessableEntity || he.status == http.StatusRequestEntityTooLarge) {
		return he.msg, true
	}
	return "", false
}

// uploadName is the base name of an uploaded file as the browser gave
// it, kept only for staff to recognise the photo: without a directory,
// control characters or invalid UTF-8, at most 120 characters.
func uploadName(raw string) string {
	name := path.Base(strings.ReplaceAll(raw, `\`, "/"))
	name = strings.ToValidUTF8(name, "")
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if r := []rune(name); len(r) > 120 {
		name = string(r[:120]) + "…"
	}
	if name == "" || name == "." || name == "/" {
		return "photo"
	}
	return name
}

// imageURL is the public address of img's variant best for showing it
// width pixels wide (media.VariantURL); templates of the desk use it,
// and media.Srcset for an <img srcset>.
func (s *server) imageURL(img model.Image, width int) string {
	return media.VariantURL(img, width)
}
