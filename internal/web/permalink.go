package web

import (
	"fmt"
	"net/url"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// Permalink is an article's path on the site, "/2024/06/22/storm-hits-coast/":
// its publication date in the site's time zone (loc; nil means UTC) and
// its slug. The API and ingest use it too, so every link agrees.
func Permalink(a model.Article, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	t := a.PublishedAt.In(loc)
	return fmt.Sprintf("/%04d/%02d/%02d/%s/", t.Year(), int(t.Month()), t.Day(), url.PathEscape(a.Slug))
}

// permalink is Permalink in the site's time zone.
func (s *server) permalink(a model.Article) string {
	return Permalink(a, s.settings().Location)
}

// absURL makes a site path absolute with the configured base URL.
func (s *server) absURL(path string) string {
	return s.settings().BaseURL + path
}
