package web_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"strconv"
	"testing"

	"github.com/newsdesk/newsdesk/internal/media"
	"github.com/newsdesk/newsdesk/internal/model"
)

// storePhoto processes and stores a generated photo w pixels wide.
func (f *fixture) storePhoto(w, h int) model.Image {
	f.t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		f.t.Fatal(err)
	}
	p, err := media.Process(buf.Bytes())
	if err != nil {
		f.t.Fatal(err)
	}
	stored, _, err := f.store.SaveImage(f.t.Context(), p.Image("test.jpg", 0))
	if err != nil {
		f.t.Fatal(err)
	}
	return stored
}

func (f *fixture) request(method, path string, header http.Header) (*http.Response, []byte) {
	f.t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	if _, err := body.ReadFrom(resp.Body); err != nil {
		f.t.Fatal(err)
	}
	return resp, body.Bytes()
}

func TestMediaServesVariants(t *testing.T) {
	f := newFixture(t)
	img := f.storePhoto(700, 400)
	_, v, err := f.store.GetImageVariant(t.Context(), img.ID, 640)
	if err != nil {
		t.Fatal(err)
	}
	url := media.URL(img.ID, 640, img.Ext())
	resp, body := f.request(http.MethodGet, url, nil)
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, v.Data) {
		t.Fatalf("GET %s: %d with %d bytes, want 200 with the stored %d", url, resp.StatusCode, len(body), len(v.Data))
	}
	for header, want := range map[string]string{
		"Content-Type":           "image/jpeg",
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "public, max-age=31536000, immutable",
		"Content-Length":         strconv.Itoa(len(v.Data)),
	} {
		if got := resp.Header.Get(header); got != want {
			t.Errorf("%s: %q, want %q", header, got, want)
		}
	}
	etag := resp.Header.Get("ETag")
	if len(etag) < 10 || etag[0] != '"' {
		t.Fatalf("ETag %q", etag)
	}
	if _, err := jpeg.Decode(bytes.NewReader(body)); err != nil {
		t.Errorf("served bytes do not decode: %v", err)
	}

	// The other variant has another tag.
	other, _ := f.request(http.MethodGet, media.URL(img.ID, 320, "jpg"), nil)
	if other.StatusCode != http.StatusOK || other.Header.Get("ETag") == etag {
		t.Errorf("320 variant: %d, ETag %q (640's is %q)", other.StatusCode, other.Header.Get("ETag"), etag)
	}

	for _, inm := range []string{etag, "W/" + etag, `"nope", ` + etag} {
		resp, body := f.request(http.MethodGet, url, http.Header{"If-None-Match": {inm}})
		if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Errorf("If-None-Match %s: %d with %d bytes, want 304 without a body", inm, resp.StatusCode, len(body))
		}
	}
	if resp, _ := f.request(http.MethodGet, url, http.Header{"If-None-Match": {`"something-else"`}}); resp.StatusCode != http.StatusOK {
		t.Errorf("a stale tag: %d, want 200", resp.StatusCode)
	}

	head, body := f.request(http.MethodHead, url, nil)
	if head.StatusCode != http.StatusOK || len(body) != 0 || head.Header.Get("Content-Length") != strconv.Itoa(len(v.Data)) ||
		head.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("HEAD: %d, %d bytes, length %q, type %q", head.StatusCode, len(body), head.Header.Get("Content-Length"), head.Header.Get("Content-Type"))
	}
}

func TestMediaUnknownIsNotFound(t *testing.T) {
	f := newFixture(t)
	img := f.storePhoto(700, 400)
	id := strconv.FormatInt(img.ID, 10)
	for _, path := range []string{
		"/media/" + id + "/1024.jpg",              // wider than the photo: never made
		"/media/" + id + "/641.jpg",               // a width it does not have
		"/media/" + id + "/640.png",               // the other type
		"/media/" + id + "/0640.jpg",              // not the canonical address
		"/media/" + id + "/640.jpeg",              // nor this
		"/media/" + id + "/640",                   // no extension
		"/media/" + id + "/abc.jpg",               // garbage
		"/media/" + id + "/640.jpg/more",          // deeper
		"/media/" + id + "/",                      // no file
		"/media/0" + id + "/640.jpg",              // leading zero
		"/media/999999/640.jpg",                   // no such image
		"/media/99999999999999999999999/640.jpg",  // beyond int64
		"/media/-1/640.jpg",                       // negative
		"/media/x/640.jpg",                        // not a number
		"/media/" + id + "/%2e%2e%2f640.jpg",      // escapes
		"/media/" + id + "/99999999999999999.jpg", // absurd width
	} {
		resp, body := f.request(http.MethodGet, path, nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, resp.StatusCode)
			continue
		}
		if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" || !bytes.Contains(body, []byte("<html")) {
			t.Errorf("GET %s: the 404 is %q, not the site's page", path, ct)
		}
		if cc := resp.Header.Get("Cache-Control"); cc == "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: a 404 is cached for a year", path)
		}
	}
	if resp, _ := f.request(http.MethodPost, media.URL(img.ID, 640, "jpg"), nil); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST to a variant: %d, want 405", resp.StatusCode)
	}
}
