package admin

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/site"
)

// siteNow returns the site settings in force for this request: the live
// ones when the admin area has a holder, with the defaults pages need.
func (s *server) siteNow() site.Settings {
	st := s.site
	if s.live != nil {
		st = s.live.Load()
	}
	if st.Location == nil {
		st.Location = time.UTC
	}
	if st.Name == "" {
		st.Name = "newsdesk"
	}
	return st
}

// siteField ties a field of the site settings form to its stored key.
type siteField struct {
	form, key string
}

var siteFields = []siteField{
	{"name", site.KeyName},
	{"tagline", site.KeyTagline},
	{"phone", site.KeyPhone},
	{"copyright", site.KeyCopyright},
	{"timezone", site.KeyTimeZone},
	{"base_url", site.KeyBaseURL},
	{"share", site.KeyShareTargets},
	{"allow_private", site.KeyAllowPrivate},
}

// siteSettingsPage is the data of the site settings form: the values as
// text, so a refused one comes back as typed.
type siteSettingsPage struct {
	Values  map[string]string // by form field
	Errors  map[string]string // by form field
	Share   []shareBox
	Saved   bool
	Problem string
	Live    bool // saving applies at once (else at the next start)
	// Identity and Place are the text fields of the two first groups.
	Identity, Place []textField
}

// textField is one labelled text input of the form.
type textField struct {
	ID, Label, Type, Value, Error string
}

// siteLabels label the text fields of the form.
var siteLabels = map[string]string{
	"name":      "Site name (every page's header and title)",
	"tagline":   "Tagline (the line under the name)",
	"phone":     "Contact phone (shown in the header as a call link)",
	"copyright": "Copyright holder (named in the footer)",
	"timezone":  "Time zone: an IANA name such as Europe/Paris, America/New_York or UTC (dates on the site are shown in it)",
	"base_url":  "Base URL: the site's public address, e.g. https://news.example.com (share links and canonical addresses)",
}

// shareBox is one share target's checkbox.
type shareBox struct {
	Name    string
	Checked bool
}

func (p *siteSettingsPage) fill() {
	field := func(id, typ string) textField {
		return textField{ID: id, Label: siteLabels[id], Type: typ, Value: p.Values[id], Error: p.Errors[id]}
	}
	p.Identity = []textField{field("name", "text"), field("tagline", "text"), field("phone", "text"), field("copyright", "text")}
	p.Place = []textField{field("timezone", "text"), field("base_url", "url")}
	on := strings.Split(p.Values["share"], ",")
	for _, t := range site.AllShareTargets {
		p.Share = append(p.Share, shareBox{t, slices.Contains(on, t)})
	}
}

func (s *server) handleSiteSettingsForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	kv := s.siteNow().Values()
	page := siteSettingsPage{Values: map[string]string{}, Errors: map[string]string{}, Saved: r.URL.Query().Get("saved") == "1"}
	for _, f := range siteFields {
		page.Values[f.form] = kv[f.key]
	}
	// One network a line reads better than a comma list.
	page.Values["allow_private"] = strings.ReplaceAll(page.Values["allow_private"], ", ", "\n")
	return s.renderSiteSettings(w, r, rq, http.StatusOK, page)
}

// handleSiteSettings checks every field and saves them all, or none when
// any is refused. The holder is updated at once, so the very next page
// of the site and of the admin area uses the new values.
func (s *server) handleSiteSettings(w http.ResponseWriter, r *http.Request, rq *request) error {
	page := siteSettingsPage{Values: map[string]string{}, Errors: map[string]string{}}
	kv := map[string]string{}
	for _, f := range siteFields {
		v := r.PostForm.Get(f.form)
		switch f.form {
		case "share":
			v = strings.Join(r.PostForm["share"], ",")
		case "allow_private":
			v = strings.Join(strings.FieldsFunc(v, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' }), ",")
		}
		page.Values[f.form] = r.PostForm.Get(f.form)
		if err := site.Check(f.key, v); err != nil {
			page.Errors[f.form] = sentenceCase(err.Error())
			continue
		}
		kv[f.key] = site.Normalize(f.key, v)
	}
	page.Values["share"] = strings.Join(r.PostForm["share"], ",")
	if len(page.Errors) > 0 {
		page.Problem = "Nothing was saved: correct the values marked below and save again."
		return s.renderSiteSettings(w, r, rq, http.StatusUnprocessableEntity, page)
	}
	before := s.siteNow().Values()
	if err := s.st.SetSettings(r.Context(), kv); err != nil {
		return fmt.Errorf("admin: save site settings: %w", err)
	}
	if s.live != nil {
		if _, err := s.live.Refresh(r.Context(), s.st); err != nil {
			return fmt.Errorf("admin: apply site settings: %w", err)
		}
	}
	var changed []string
	for _, f := range siteFields {
		if site.Normalize(f.key, before[f.key]) != kv[f.key] {
			changed = append(changed, f.key)
		}
	}
	summary := "no change"
	if len(changed) > 0 {
		summary = "changed " + strings.Join(changed, ", ")
	}
	s.audit(r, rq, "settings.site", "settings", 0, summary)
	redirect(w, "/admin/settings?saved=1")
	return nil
}

func (s *server) renderSiteSettings(w http.ResponseWriter, r *http.Request, rq *request, status int, page siteSettingsPage) error {
	page.fill()
	page.Live = s.live != nil
	return s.render(w, r, status, "site_settings", view{Frame: rq.frame("Site settings", "settings"), Page: page})
}
