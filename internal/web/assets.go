package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded static file under its fingerprinted name.
type asset struct {
	body        []byte
	contentType string
}

// assetSet serves the embedded CSS and JS under names that carry a hash
// of their content ("site.3fa2c1d0.css"). A new release changes the name,
// so browsers may keep each file for a year without ever going stale.
type assetSet struct {
	byName map[string]asset  // fingerprinted name -> file
	paths  map[string]string // plain name -> URL path
}

func loadAssets() (*assetSet, error) {
	set := &assetSet{byName: map[string]asset{}, paths: map[string]string{}}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("web: read static files: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		body, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("web: read static file %s: %w", e.Name(), err)
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(e.Name())
		name := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:4]) + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		set.byName[name] = asset{body: body, contentType: ctype}
		set.paths[e.Name()] = "/static/" + name
	}
	return set, nil
}

// path returns the URL of a static file by its plain name; templates call
// it as {{asset "site.css"}}.
func (a *assetSet) path(name string) (string, error) {
	p, ok := a.paths[name]
	if !ok {
		return "", fmt.Errorf("web: no static file %q", name)
	}
	return p, nil
}

func (a *assetSet) serve(w http.ResponseWriter, r *http.Request) {
	a.write(w, r, r.PathValue("name"))
}

// serveFile serves one static file by its plain name at a fixed path.
func (a *assetSet) serveFile(plain string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// A fixed address whose content changes with a release: kept a
		// day, then revalidated by its ETag.
		a.write(w, r, strings.TrimPrefix(a.paths[plain], "/static/"), "public, max-age=86400")
	}
}

// write serves a static file by its fingerprinted name; what a name holds
// never changes, so it is immutable for a year unless cache says else.
func (a *assetSet) write(w http.ResponseWriter, r *http.Request, name string, cache ...string) {
	f, ok := a.byName[name]
	if !ok {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", f.contentType)
	if len(cache) == 0 {
		cache = append(cache, "public, max-age=31536000, immutable")
	}
	w.Header().Set("Cache-Control", cache[0])
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.body))
}
