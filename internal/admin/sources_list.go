package admin

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// sourceRow is a source as the sources pages show it.
type sourceRow struct {
	model.Source
	URL       string // its page in the desk
	Health    string // "ok", "never", "backoff", "failing", "extract", "disabled": the state's class
	StateText string // the state in words, in the site's time zone
	Every     string // "every 15 min" or "the site's default"
	LastOK    string // the last successful fetch, "never"
	LastOKISO string
	Next      string // the next fetch, "" when disabled
	NextISO   string
}

func (s *server) sourceRow(src model.Source) sourceRow {
	row := sourceRow{Source: src, URL: "/admin/sources/" + strconv.FormatInt(src.ID, 10), Every: everyLabel(src.Interval)}
	st := src.State
	at := func(t time.Time) string { l, _ := s.formatTime(t); return l }
	switch {
	case src.Disabled:
		row.Health, row.StateText = "disabled", "disabled: not fetched until an editor enables it"
	case st.LastError != "" && st.ErrorCount < model.FailingAfter:
		row.Health = "backoff"
		row.StateText = fmt.Sprintf("backing off after %s until %s: %s", plural(st.ErrorCount, "error", "errors"), at(st.NextFetchAt), st.LastError)
	case st.LastError != "":
		row.Health = "failing"
		row.StateText = fmt.Sprintf("failing since %s (%s in a row): %s", at(st.FailingSince), plural(st.ErrorCount, "error", "errors"), st.LastError)
	case st.LastFetchedAt.IsZero():
		row.Health, row.StateText = "never", "not fetched yet"
	case st.ExtractError != "":
		row.Health, row.StateText = "extract", "ok, but full articles could not be extracted: "+st.ExtractError
	default:
		row.Health, row.StateText = "ok", "ok"
	}
	row.LastOK = "never"
	if !st.LastSuccessAt.IsZero() {
		row.LastOK, row.LastOKISO = s.formatTime(st.LastSuccessAt)
	}
	if !src.Disabled && !st.NextFetchAt.IsZero() {
		row.Next, row.NextISO = s.formatTime(st.NextFetchAt)
	}
	return row
}

// everyLabel words a source's fetch interval.
func everyLabel(d time.Duration) string {
	if d == 0 {
		return "the site's default"
	}
	if d%time.Hour == 0 {
		return "every " + plural(int(d/time.Hour), "hour", "hours")
	}
	if d%time.Minute == 0 {
		return "every " + strconv.Itoa(int(d/time.Minute)) + " min"
	}
	return "every " + d.String()
}

// sourcesPage is the data of the sources list.
type sourcesPage struct {
	Rows        []sourceRow
	Total       int
	Failing     int // sources failing or backing off
	FailingOnly bool
	Notice      string
	CanAdd      bool // a feed reader is configured
}

func (s *server) handleSources(w http.ResponseWriter, r *http.Request, rq *request) error {
	srcs, err := s.st.ListSources(r.Context())
	if err != nil {
		return fmt.Errorf("admin: sources: %w", err)
	}
	page := sourcesPage{Total: len(srcs), FailingOnly: r.URL.Query().Get("failing") == "1",
		Notice: sourceNotice(r), CanAdd: s.feeds != nil}
	for _, src := range srcs {
		row := s.sourceRow(src)
		bad := row.Health == "failing" || row.Health == "backoff"
		if bad {
			page.Failing++
		}
		if !page.FailingOnly || bad {
			page.Rows = append(page.Rows, row)
		}
	}
	return s.render(w, r, http.StatusOK, "sources_list", view{Frame: rq.frame("Sources", "sources"), Page: page})
}

// sourceNotice words what the action before this page did.
func sourceNotice(r *http.Request) string {
	q := r.URL.Query()
	switch q.Get("done") {
	case "added":
		return "Source added. Its first fetch is due now; its articles appear within minutes."
	case "saved":
		return "Source saved."
	case "removed":
		return fmt.Sprintf("Source %q removed, with its articles.", truncate(q.Get("name")))
	}
	return ""
}

// sourceForm is the edit form's values and its problems, by field.
type sourceForm struct {
	Name, Category, Interval string
	Extract                  model.ExtractMode
	Disabled                 bool
	Errors                   map[string]string
}

func formOf(src model.Source) sourceForm {
	f := sourceForm{Name: src.Name, Category: src.Category, Extract: model.ExtractMode(store.ModeOrAuto(src.Extract)),
		Disabled: src.Disabled, Errors: map[string]string{}}
	if src.Interval > 0 {
		f.Interval = strconv.FormatInt(int64(src.Interval/time.Minute), 10)
	}
	return f
}

// sourcePage is the data of one source's page.
type sourcePage struct {
	Row        sourceRow
	Form       sourceForm
	Categories []model.Category
	Articles   []articleLink
	Notice     string
}

// IsEdit tells the shared source fields they edit a stored source.
func (sourcePage) IsEdit() bool { return true }

// articleLink is an article listed with its public address.
type articleLink struct {
	model.Article
	URL       string
	When, ISO string
}

func (s *server) loadSource(r *http.Request) (model.Source, error) {
	return loadByPath(r, s.st.GetSource, "source", "There is no source %d; it may have been removed.")
}

func (s *server) handleSource(w http.ResponseWriter, r *http.Request, rq *request) error {
	src, err := s.loadSource(r)
	if err != nil {
		return err
	}
	return s.renderSource(w, r, rq, http.StatusOK, src, formOf(src), sourceNotice(r))
}

func (s *server) renderSource(w http.ResponseWriter, r *http.Request, rq *request, status int, src model.Source, f sourceForm, notice string) error {
	ctx := r.Context()
	page := sourcePage{Row: s.sourceRow(src), Form: f, Notice: notice}
	var err error
	if page.Categories, err = s.st.ListCategories(ctx); err != nil {
		return fmt.Errorf("admin: source %d: %w", src.ID, err)
	}
	arts, _, err := s.st.ListArticles(ctx, store.ArticleFilter{SourceID: src.ID, Limit: 10})
	if err != nil {
		return fmt.Errorf("admin: source %d: %w", src.ID, err)
	}
	for _, a := range arts {
		l := articleLink{Article: a, URL: s.articlePath(a)}
		l.When, l.ISO = s.formatTime(a.PublishedAt)
		page.Articles = append(page.Articles, l)
	}
	return s.render(w, r, status, "sources_edit", view{Frame: rq.frame(src.Name, "sources"), Page: page})
}

// readSourceOptions reads the name, category, interval and extraction
// fields shared by the edit form and the add form into f, noting each
// problem next to its field.
func readSourceOptions(r *http.Request, f *sourceForm) (time.Duration, model.ExtractMode) {
	f.Name = strings.Join(strings.Fields(r.PostForm.Get("name")), " ")
	f.Category = strings.Join(strings.Fields(r.PostForm.Get("category")), " ")
	f.Interval = strings.TrimSpace(r.PostForm.Get("interval"))
	f.Extract = model.ExtractMode(r.PostForm.Get("extract"))
	if f.Name == "" {
		f.Errors["name"] = "A source needs a name: readers see it on every article it brings."
	} else if len([]rune(f.Name)) > 200 {
		f.Errors["name"] = "A name has at most 200 characters."
	}
	if _, _, err := store.CategoryName(f.Category); err != nil {
		f.Errors["category"] = "This category name cannot be used: " + err.Error() + "."
	}
	var interval time.Duration
	if f.Interval != "" {
		n, err := strconv.Atoi(f.Interval)
		switch {
		case err != nil || n < 0:
			f.Errors["interval"] = "Give a whole number of minutes, such as 15, or leave it empty for the site's default."
		case n > 7*24*60:
			f.Errors["interval"] = "At most a week (10080 minutes)."
		case n > 0 && time.Duration(n)*time.Minute < model.MinInterval:
			f.Errors["interval"] = fmt.Sprintf("At least %s.", model.MinInterval)
		default:
			interval = time.Duration(n) * time.Minute
		}
	}
	mode, err := model.ParseExtractMode(string(f.Extract))
	if err != nil || f.Extract == "" {
		f.Errors["extract"] = "Choose when full articles are fetched: automatically, always or never."
	}
	return interval, mode
}

func (s *server) handleSourceSave(w http.ResponseWriter, r *http.Request, rq *request) error {
	src, err := s.loadSource(r)
	if err != nil {
		return err
	}
	f := sourceForm{Errors: map[string]string{}}
	interval, mode := readSourceOptions(r, &f)
	f.Disabled = r.PostForm.Get("disabled") == "true"
	if len(f.Errors) > 0 {
		return s.renderSource(w, r, rq, http.StatusUnprocessableEntity, src, f, "")
	}
	ctx := r.Context()
	var changed []string
	if f.Name != src.Name {
		if err := s.st.UpdateSourceMeta(ctx, src.ID, f.Name, ""); err != nil {
			return fmt.Errorf("admin: save source %d: %w", src.ID, err)
		}
		changed = append(changed, fmt.Sprintf("name %q", f.Name))
	}
	if f.Category != src.Category {
		if err := s.st.SetSourceCategory(ctx, src.ID, f.Category); err != nil {
			return fmt.Errorf("admin: save source %d: %w", src.ID, err)
		}
		changed = append(changed, fmt.Sprintf("category %q", f.Category))
	}
	if interval != src.Interval || mode != store.ModeOrAuto(src.Extract) {
		if err := s.st.SetSourceOptions(ctx, src.ID, interval, mode); err != nil {
			return fmt.Errorf("admin: save source %d: %w", src.ID, err)
		}
		changed = append(changed, "fetched "+everyLabel(interval), "extraction "+string(mode))
	}
	if len(changed) > 0 {
		s.audit(r, rq, "source.edit", "source", src.ID, src.Name+": "+strings.Join(changed, ", "))
	}
	if f.Disabled != src.Disabled {
		if err := s.st.SetSourceDisabled(ctx, src.ID, f.Disabled, s.now()); err != nil {
			return fmt.Errorf("admin: save source %d: %w", src.ID, err)
		}
		action, what := "source.enable", "enabled: fetched again from now"
		if f.Disabled {
			action, what = "source.disable", "disabled: no longer fetched"
		}
		s.audit(r, rq, action, "source", src.ID, f.Name+" "+what)
	}
	redirect(w, fmt.Sprintf("/admin/sources/%d?done=saved", src.ID))
	return nil
}

// removePage is the data of the removal's confirmation.
type removePage struct {
	Row sourceRow
}

func (s *server) handleSourceRemoveForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	src, err := s.loadSource(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "sources_remove", view{Frame: rq.frame("Remove "+src.Name, "sources"),
		Page: removePage{Row: s.sourceRow(src)}})
}

func (s *server) handleSourceRemove(w http.ResponseWriter, r *http.Request, rq *request) error {
	src, err := s.loadSource(r)
	if err != nil {
		return err
	}
	if err := s.st.RemoveSource(r.Context(), src.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("admin: remove source %d: %w", src.ID, err)
	}
	s.audit(r, rq, "source.remove", "source", src.ID, fmt.Sprintf("%s <%s> removed with %s",
		src.Name, src.FeedURL, plural(src.Articles, "article", "articles")))
	redirect(w, "/admin/sources?done=removed&name="+url.QueryEscape(src.Name))
	return nil
}
