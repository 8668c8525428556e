package admin_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/web"
)

// upload is one file of a multipart form: its field, the name and type
// the browser gives it, and its bytes.
type upload struct {
	field, filename, contentType string
	data                         []byte
}

// postMultipart posts a form with files, as a browser does for a form
// with enctype="multipart/form-data".
func (f *fixture) postMultipart(path string, c *http.Cookie, fields map[string]string, files ...upload) (*http.Response, string) {
	f.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for _, u := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, u.field, u.filename))
		h.Set("Content-Type", u.contentType)
		w, err := mw.CreatePart(h)
		if err != nil {
			f.t.Fatal(err)
		}
		w.Write(u.data)
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, f.srv.URL+path, &body)
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return f.do(req, c)
}

// phonePhoto is a 900 × 600 JPEG carrying an EXIF block with a GPS
// position, as a phone's photo does.
func phonePhoto(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 900, 600))
	for y := range 600 {
		for x := range 900 {
			img.SetRGBA(x, y, color.RGBA{uint8(x / 4), uint8(y / 3), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	// EXIF, big-endian: IFD0 with one entry pointing at a GPS IFD that
	// holds the latitude reference.
	tiff := []byte("MM\x00*\x00\x00\x00\x08\x00\x01\x88\x25\x00\x04\x00\x00\x00\x01\x00\x00\x00\x1a\x00\x00\x00\x00" +
		"\x00\x01\x00\x01\x00\x02\x00\x00\x00\x02N\x00\x00\x00\x00\x00\x00\x00")
	body := append([]byte("Exif\x00\x00"), tiff...)
	seg := binary.BigEndian.AppendUint16([]byte{0xff, 0xe1}, uint16(len(body)+2))
	seg = append(seg, body...)
	seg = append(seg, []byte("\xff\xfe\x00\x11GPS 59.9N 10.7E")...)
	data := buf.Bytes()
	return append(append(append([]byte{}, data[:2]...), seg...), data[2:]...)
}

func TestUploadPhoto(t *testing.T) {
	f := newFixture(t)
	site, err := web.New(web.Options{Store: f.st, SearchLimit: web.RateLimit{Rate: -1}})
	if err != nil {
		t.Fatal(err)
	}
	public := httptest.NewServer(site)
	t.Cleanup(public.Close)

	c, author := f.signIn(model.RoleAuthor, "Ada Author")
	token := f.csrf(c)
	photo := phonePhoto(t)
	// Named and declared a PNG: the content says JPEG, and that decides.
	file := upload{"photo", `C:\Users\ada\Pictures\harbor.png`, "image/png", photo}
	resp, _ := f.postMultipart("/admin/media", c, map[string]string{"csrf": token}, file)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/media?uploaded=") {
		t.Fatalf("upload: %d to %q, want 303 to the photos page", resp.StatusCode, resp.Header.Get("Location"))
	}
	imgs, _, err := f.st.ListImages(t.Context(), store.ImageFilter{})
	if err != nil || len(imgs) != 1 {
		t.Fatalf("stored %d images (%v)", len(imgs), err)
	}
	img := imgs[0]
	if img.SourceFormat != "jpeg" || img.Filename != "harbor.png" || img.UploadedBy != author.ID ||
		img.Width != 900 || img.Height != 600 || len(img.Variants) != 3 {
		t.Errorf("stored %+v", img)
	}
	log, _, _ := f.st.ListAudit(t.Context(), store.AuditFilter{ActionPrefix: "media."})
	if len(log) != 1 || log[0].Action != "media.upload" || log[0].TargetType != "image" || log[0].TargetID != img.ID ||
		!strings.Contains(log[0].Summary, "harbor.png") || !strings.Contains(log[0].Summary, "900 × 600") {
		t.Errorf("audit log = %+v", log)
	}

	resp, body := f.get(resp.Header.Get("Location"), c)
	wantStatus(t, resp, http.StatusOK)
	doc := parse(t, body)
	if !strings.Contains(doc.Find(".notice").Text(), fmt.Sprintf("Photo #%d uploaded", img.ID)) {
		t.Errorf("no notice of the upload: %q", doc.Find(".notice").Text())
	}
	grid := doc.Find(".media-grid li")
	src, _ := grid.Find("img").Attr("src")
	if grid.Length() != 1 || src != fmt.Sprintf("/media/%d/320.jpg", img.ID) || !strings.Contains(grid.Text(), "900 × 600 pixels") {
		t.Fatalf("grid: %d photos, first shown from %q: %q", grid.Length(), src, grid.Text())
	}
	address, _ := grid.Find(".media-url input").Attr("value")
	if address != fmt.Sprintf("https://news.example.org/media/%d/900.jpg", img.ID) {
		t.Errorf("public address %q", address)
	}

	// The public site serves it, without what the phone recorded.
	served, err := http.Get(public.URL + strings.TrimPrefix(address, "https://news.example.org"))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(served.Body)
	served.Body.Close()
	if served.StatusCode != http.StatusOK || served.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("served: %d %q", served.StatusCode, served.Header.Get("Content-Type"))
	}
	for _, leak := range []string{"Exif", "GPS", "\xff\xe1"} {
		if bytes.Contains(data, []byte(leak)) || !bytes.Contains(photo, []byte(leak)) {
			t.Errorf("%q: in the upload %v, served %v", leak, bytes.Contains(photo, []byte(leak)), bytes.Contains(data, []byte(leak)))
		}
	}

	// The same photo again is kept once, and the page says so.
	resp, _ = f.postMultipart("/admin/media", c, map[string]string{"csrf": token}, upload{"photo", "again.jpg", "image/jpeg", photo})
	if want := fmt.Sprintf("/admin/media?uploaded=%d&existed=1", img.ID); resp.Header.Get("Location") != want {
		t.Errorf("second upload: %d to %q, want %q", resp.StatusCode, resp.Header.Get("Location"), want)
	}
	if imgs, _, _ := f.st.ListImages(t.Context(), store.ImageFilter{}); len(imgs) != 1 {
		t.Errorf("%d images after uploading one photo twice", len(imgs))
	}
	if log, _, _ := f.st.ListAudit(t.Context(), store.AuditFilter{ActionPrefix: "media."}); len(log) != 1 {
		t.Errorf("%d audit entries after storing one photo", len(log))
	}
}

func TestUploadRefusesWhatIsNotAPhoto(t *testing.T) {
	f := newFixture(t)
	c, _ := f.signIn(model.RoleEditor, "Ed")
	token := f.csrf(c)
	for _, tc := range []struct {
		name   string
		files  []upload
		status int
		says   string
	}{
		{"PDF", []upload{{"photo", "minutes.pdf", "image/jpeg", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj")}}, http.StatusUnprocessableEntity,
			"“minutes.pdf”: This file is a PDF document, not a photo."},
		{"truncated", []upload{{"photo", "cut.jpg", "image/jpeg", phonePhoto(t)[:3000]}}, http.StatusUnprocessableEntity, "did not finish uploading"},
		{"no file", nil, http.StatusUnprocessableEntity, "Choose a photo to upload."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := f.postMultipart("/admin/media", c, map[string]string{"csrf": token}, tc.files...)
			wantStatus(t, resp, tc.status)
			doc := parse(t, body)
			if got := doc.Find("#photo-error").Text(); !strings.Contains(got, tc.says) {
				t.Errorf("error next to the field = %q, want %q", got, tc.says)
			}
			if v, _ := doc.Find("#photo").Attr("aria-invalid"); v != "true" {
				t.Error("the file field is not marked invalid")
			}
		})
	}
	if imgs, _, _ := f.st.ListImages(t.Context(), store.ImageFilter{}); len(imgs) != 0 {
		t.Errorf("%d images stored from refused files", len(imgs))
	}
	if _, body := f.get("/admin/media", c); !strings.Contains(body, "No photos have been uploaded yet.") {
		t.Error("the empty grid does not say so")
	}
}

func TestUploadNeedsAWriter(t *testing.T) {
	f := newFixture(t)
	c, _ := f.signIn(model.RoleModerator, "Mo")
	resp, _ := f.get("/admin/media", c)
	wantStatus(t, resp, http.StatusForbidden)
	resp, _ = f.postMultipart("/admin/media", c, map[string]string{"csrf": f.csrf(c)}, upload{"photo", "a.jpg", "image/jpeg", phonePhoto(t)})
	wantStatus(t, resp, http.StatusForbidden)
	if imgs, _, _ := f.st.ListImages(t.Context(), store.ImageFilter{}); len(imgs) != 0 {
		t.Errorf("a moderator stored %d images", len(imgs))
	}
}

// TestMultipartPostsCarryTheFormToken: a form with a file is checked for
// the session's form token like any other, and bounded in size.
func TestMultipartPostsCarryTheFormToken(t *testing.T) {
	f := newFixture(t)
	c, _ := f.signIn(model.RoleAuthor, "Au")
	file := upload{"photo", "a.jpg", "image/jpeg", phonePhoto(t)}
	resp, body := f.postMultipart("/admin/media", c, nil, file)
	wantStatus(t, resp, http.StatusForbidden)
	if !strings.Contains(body, "This form has expired") {
		t.Error("no explanation of the refused token")
	}
	resp, _ = f.postMultipart("/admin/media", c, map[string]string{"csrf": "forged"}, file)
	wantStatus(t, resp, http.StatusForbidden)
	if imgs, _, _ := f.st.ListImages(t.Context(), store.ImageFilter{}); len(imgs) != 0 {
		t.Fatalf("a post without the token stored %d images", len(imgs))
	}
	resp, _ = f.postMultipart("/admin/media", c, map[string]string{"csrf": f.csrf(c)}, file)
	wantStatus(t, resp, http.StatusSeeOther)

	huge := upload{"photo", "huge.jpg", "image/jpeg", bytes.Repeat([]byte{0xff}, 28<<20)}
	resp, body = f.postMultipart("/admin/media", c, map[string]string{"csrf": f.csrf(c)}, huge)
	wantStatus(t, resp, http.StatusRequestEntityTooLarge)
	if !strings.Contains(body, "A photo may be at most 25 MB") {
		t.Errorf("413 page does not explain the limit")
	}
	// Over the photo limit but within the form's: the field says so.
	big := upload{"photo", "big.jpg", "image/jpeg", append([]byte("\xff\xd8\xff"), make([]byte, 25<<20)...)}
	resp, body = f.postMultipart("/admin/media", c, map[string]string{"csrf": f.csrf(c)}, big)
	wantStatus(t, resp, http.StatusRequestEntityTooLarge)
	if got := parse(t, body).Find("#photo-error").Text(); !strings.Contains(got, "“big.jpg” is larger than 25 MB") {
		t.Errorf("error next to the field = %q", got)
	}
}
