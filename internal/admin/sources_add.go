package admin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/opml"
	"github.com/newsdesk/newsdesk/internal/store"
)

// Bounds of the network work one request of the sources pages may do.
const (
	previewTimeout = 20 * time.Second
	importTimeout  = 2 * time.Minute
	importWorkers  = 4
	previewItems   = 50
	maxOPMLBytes   = 1 << 20
)

// newSourcePage is the data of the add-a-source page: the address
// form, then the preview of what the feed would bring and the form that
// adds it.
type newSourcePage struct {
	URL        string
	URLError   string
	Preview    *feedPreview
	Form       sourceForm
	Categories []model.Category
	Problem    string // why the add form was refused as a whole
	Enabled    bool   // a feed reader is configured
}

// IsEdit tells the shared source fields they describe a source not yet
// stored.
func (newSourcePage) IsEdit() bool { return false }

// feedPreview is what a feed would bring, stored nowhere yet.
type feedPreview struct {
	FeedURL, SiteURL, Title, Format string
	Items                           []previewItem
	More                            int // items beyond those listed
	Known                           int // items stored already
	Existing                        *sourceRow
}

// previewItem is one entry of a previewed feed.
type previewItem struct {
	Title, URL, When, ISO string
	FullText, Photo       bool
	Known                 bool // stored already (its address is an article's)
}

func (s *server) renderNewSource(w http.ResponseWriter, r *http.Request, rq *request, status int, page newSourcePage) error {
	page.Enabled = s.feeds != nil
	if page.Form.Errors == nil {
		page.Form.Errors = map[string]string{}
	}
	if page.Form.Extract == "" {
		page.Form.Extract = model.ExtractAuto
	}
	cats, err := s.st.ListCategories(r.Context())
	if err != nil {
		return fmt.Errorf("admin: new source: %w", err)
	}
	page.Categories = cats
	return s.render(w, r, status, "sources_new", view{Frame: rq.frame("Add a source", "sources"), Page: page})
}

func (s *server) handleSourceNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.renderNewSource(w, r, rq, http.StatusOK, newSourcePage{})
}

// feedProblem words why a feed could not be read, for the form.
func feedProblem(err error, timeout time.Duration) string {
	var se *fetch.StatusError
	switch {
	case errors.Is(err, fetch.ErrBadURL):
		return "Give the full address of a feed or of a web page, starting with http:// or https://."
	case errors.Is(err, fetch.ErrPrivateAddress):
		return "This address is on a private or local network, which the site refuses to fetch. " +
			"The operator can allow it by starting newsdesk with --allow-private."
	case errors.As(err, &se):
		return fmt.Sprintf("The site answered %d %s for %s.", se.Status, http.StatusText(se.Status), se.URL)
	case errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "timed out"):
		return fmt.Sprintf("The site did not answer within %s. Try again later, or check the address.", timeout)
	case errors.Is(err, fetch.ErrTooLarge):
		return "The address answers with more than a feed may hold."
	}
	msg := err.Error()
	for _, p := range []string{"ingest: cannot subscribe: ", "ingest: ", "fetch: "} {
		msg = strings.TrimPrefix(msg, p)
	}
	return strings.ToUpper(msg[:1]) + msg[1:] + "."
}

func (s *server) handleSourcePreview(w http.ResponseWriter, r *http.Request, rq *request) error {
	page := newSourcePage{URL: strings.TrimSpace(r.PostForm.Get("url"))}
	if s.feeds == nil {
		page.URLError = "This site was started without fetching, so sources cannot be previewed here; use 'newsdesk sources add'."
		return s.renderNewSource(w, r, rq, http.StatusConflict, page)
	}
	if _, err := fetch.ValidateURL(page.URL); err != nil || page.URL == "" {
		page.URLError = feedProblem(fetch.ErrBadURL, 0)
		return s.renderNewSource(w, r, rq, http.StatusUnprocessableEntity, page)
	}
	ctx, cancel := context.WithTimeout(r.Context(), previewTimeout)
	defer cancel()
	feedURL, feed, err := s.feeds.ResolveFeed(ctx, page.URL)
	if err != nil {
		page.URLError = feedProblem(err, previewTimeout)
		return s.renderNewSource(w, r, rq, http.StatusUnprocessableEntity, page)
	}
	p := &feedPreview{FeedURL: feedURL, SiteURL: feed.SiteURL, Title: strings.TrimSpace(feed.Title), Format: feed.Format}
	srcs, err := s.st.ListSources(r.Context())
	if err != nil {
		return fmt.Errorf("admin: preview: %w", err)
	}
	for _, src := range srcs {
		if src.FeedURL == feedURL {
			row := s.sourceRow(src)
			p.Existing = &row
		}
	}
	items := feed.Items
	if len(items) > previewItems {
		p.More, items = len(items)-previewItems, items[:previewItems]
	}
	urls := make([]string, len(items))
	for i, it := range items {
		urls[i] = it.URL
	}
	known, err := s.st.KnownArticleURLs(r.Context(), urls)
	if err != nil {
		return fmt.Errorf("admin: preview: %w", err)
	}
	for _, it := range items {
		pi := previewItem{Title: it.Title, URL: it.URL, FullText: strings.TrimSpace(it.ContentHTML) != "",
			Photo: it.ImageURL != "", Known: known[it.URL]}
		if pi.Title == "" {
			pi.Title = "(untitled)"
		}
		if !it.Published.IsZero() {
			pi.When, pi.ISO = s.formatTime(it.Published)
		}
		if pi.Known {
			p.Known++
		}
		p.Items = append(p.Items, pi)
	}
	page.Preview = p
	page.Form = sourceForm{Name: p.Title, Extract: model.ExtractAuto, Errors: map[string]string{}}
	if page.Form.Name == "" {
		page.Form.Name = hostName(feedURL)
	}
	return s.renderNewSource(w, r, rq, http.StatusOK, page)
}

// hostName is the host of an address, a source's name of last resort.
func hostName(raw string) string {
	u, err := fetch.ValidateURL(raw)
	if err != nil {
		return raw
	}
	return u.Hostname()
}

func (s *server) handleSourceAdd(w http.ResponseWriter, r *http.Request, rq *request) error {
	page := newSourcePage{Form: sourceForm{Errors: map[string]string{}}}
	feedURL := strings.TrimSpace(r.PostForm.Get("feed_url"))
	siteURL := strings.TrimSpace(r.PostForm.Get("site_url"))
	page.URL = feedURL
	page.Preview = &feedPreview{FeedURL: feedURL, SiteURL: siteURL, Title: r.PostForm.Get("name")}
	if _, err := fetch.ValidateURL(feedURL); err != nil {
		page.Preview = nil
		page.URLError = "Preview the feed first: its address is missing or not valid."
		return s.renderNewSource(w, r, rq, http.StatusUnprocessableEntity, page)
	}
	if _, err := fetch.ValidateURL(siteURL); err != nil {
		siteURL = ""
	}
	interval, mode := readSourceOptions(r, &page.Form)
	if len(page.Form.Errors) > 0 {
		return s.renderNewSource(w, r, rq, http.StatusUnprocessableEntity, page)
	}
	src, err := s.st.AddSource(r.Context(), model.Source{FeedURL: feedURL, SiteURL: siteURL, Name: page.Form.Name,
		Category: page.Form.Category, Interval: interval, Extract: mode})
	if errors.Is(err, store.ErrDuplicate) {
		page.Problem = "This feed is a source already: find it in the list of sources."
		return s.renderNewSource(w, r, rq, http.StatusConflict, page)
	}
	if err != nil {
		return fmt.Errorf("admin: add source: %w", err)
	}
	s.audit(r, rq, "source.add", "source", src.ID, fmt.Sprintf("%s <%s>", src.Name, src.FeedURL))
	redirect(w, fmt.Sprintf("/admin/sources/%d?done=added", src.ID))
	return nil
}

func (s *server) handleSourcesExport(w http.ResponseWriter, r *http.Request, _ *request) error {
	srcs, err := s.st.ListSources(r.Context())
	if err != nil {
		return fmt.Errorf("admin: export sources: %w", err)
	}
	outlines := make([]opml.Outline, len(srcs))
	for i, src := range srcs {
		outlines[i] = opml.Outline{Title: src.Name, FeedURL: src.FeedURL, SiteURL: src.SiteURL, Category: src.Category}
	}
	var buf bytes.Buffer
	if err := opml.Write(&buf, s.siteNow().Name+" sources", outlines, s.now()); err != nil {
		return fmt.Errorf("admin: export sources: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/x-opml; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="newsdesk-sources.opml"`)
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
	return nil
}

// importPage is the data of an OPML import's report.
type importPage struct {
	Problem              string // the file could not be read at all
	Added, Known, Failed []importRow
}

// importRow is one feed of an imported list.
type importRow struct {
	Title, FeedURL, Category, Reason string
	URL                              string // the new source's page
}

// readOPML returns the list posted as a file (field "opml") or pasted
// (field "opml_text"), nil when neither was given.
func readOPML(r *http.Request) ([]byte, error) {
	if r.MultipartForm != nil && len(r.MultipartForm.File["opml"]) > 0 {
		fh := r.MultipartForm.File["opml"][0]
		if fh.Size > 0 {
			f, err := fh.Open()
			if err != nil {
				return nil, err
			}
			defer f.Close()
			b, err := io.ReadAll(io.LimitReader(f, maxOPMLBytes+1))
			if err == nil && len(b) > maxOPMLBytes {
				err = fmt.Errorf("the file is larger than %d KiB", maxOPMLBytes>>10)
			}
			return b, err
		}
	}
	if t := strings.TrimSpace(r.PostForm.Get("opml_text")); t != "" {
		return []byte(t), nil
	}
	return nil, nil
}

func (s *server) handleSourcesImport(w http.ResponseWriter, r *http.Request, rq *request) error {
	var page importPage
	render := func(status int) error {
		return s.render(w, r, status, "sources_import", view{Frame: rq.frame("Import sources", "sources"), Page: page})
	}
	if s.feeds == nil {
		page.Problem = "This site was started without fetching, so feeds cannot be checked and added here; use 'newsdesk sources import'."
		return render(http.StatusConflict)
	}
	data, err := readOPML(r)
	switch {
	case err != nil:
		page.Problem = "The file could not be read: " + err.Error() + "."
		return render(http.StatusUnprocessableEntity)
	case data == nil:
		page.Problem = "Choose an OPML file, or paste one, to import."
		return render(http.StatusUnprocessableEntity)
	}
	outlines, err := opml.Read(bytes.NewReader(data))
	if err != nil {
		page.Problem = "This is not an OPML subscription list a feed reader exports: " +
			strings.TrimPrefix(err.Error(), "opml: ") + "."
		return render(http.StatusUnprocessableEntity)
	}
	ctx, cancel := context.WithTimeout(r.Context(), importTimeout)
	defer cancel()
	for _, res := range s.feeds.SubscribeAll(ctx, outlines, importWorkers, nil) {
		row := importRow{Title: res.Outline.Title, FeedURL: res.Outline.FeedURL, Category: res.Outline.Category}
		switch {
		case errors.Is(res.Err, ingest.ErrAlreadySubscribed):
			page.Known = append(page.Known, row)
		case res.Err != nil:
			row.Reason = feedProblem(res.Err, importTimeout)
			page.Failed = append(page.Failed, row)
		default:
			row.Title, row.URL = res.Source.Name, fmt.Sprintf("/admin/sources/%d", res.Source.ID)
			page.Added = append(page.Added, row)
		}
	}
	s.audit(r, rq, "source.import", "source", 0, fmt.Sprintf("OPML import: %d added, %d already present, %d refused",
		len(page.Added), len(page.Known), len(page.Failed)))
	return render(http.StatusOK)
}
