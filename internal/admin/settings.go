package admin

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/newsdesk/newsdesk/internal/comments"
)

// settingsField ties a field of the discussion settings form to the
// setting it edits.
type settingsField struct {
	form string // the form field's name
	key  string // the setting's key (comments.Key*)
	box  bool   // a checkbox: absent means "false"
}

var settingsFields = []settingsField{
	{"moderation_words", comments.KeyModerationWords, false},
	{"disallowed_words", comments.KeyDisallowedWords, false},
	{"hold_links", comments.KeyHoldLinks, false},
	{"hold_first", comments.KeyHoldFirst, true},
	{"thread_depth", comments.KeyMaxDepth, false},
	{"close_after_days", comments.KeyCloseAfterDays, false},
	{"per_page", comments.KeyPerPage, false},
	{"newest_first", comments.KeyNewestFirst, false},
}

// settingsPage is the data of the discussion settings form: the values
// as text, so a refused value comes back as typed.
type settingsPage struct {
	Values  map[string]string // by form field name
	Errors  map[string]string // by form field name
	Saved   bool
	Problem string // above the form
}

// HoldFirst and NewestFirst read the two yes-or-no settings for the
// checkbox and the radio buttons.
func (p settingsPage) HoldFirst() bool   { return isTrue(p.Values["hold_first"]) }
func (p settingsPage) NewestFirst() bool { return isTrue(p.Values["newest_first"]) }

func isTrue(s string) bool {
	b, err := strconv.ParseBool(strings.TrimSpace(s))
	return err == nil && b
}

// checkSettings returns the form's values and an error message per
// field whose value SettingsFrom refuses.
func checkSettings(kv map[string]string) (values, errs map[string]string) {
	values, errs = map[string]string{}, map[string]string{}
	for _, f := range settingsFields {
		v, ok := kv[f.key]
		if !ok {
			continue
		}
		values[f.form] = v
		if _, err := comments.SettingsFrom(map[string]string{f.key: v}); err != nil {
			errs[f.form] = sentenceCase(err.Error())
		}
	}
	return values, errs
}

func (s *server) handleSettingsForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	kv, err := s.st.Settings(r.Context())
	if err != nil {
		return fmt.Errorf("admin: read settings: %w", err)
	}
	page := settingsPage{Saved: r.URL.Query().Get("saved") == "1"}
	set, err := comments.SettingsFrom(kv)
	if err == nil {
		page.Values, page.Errors = checkSettings(set.Values())
	} else {
		stored := comments.DefaultSettings().Values()
		for k, v := range kv {
			if _, known := stored[k]; known {
				stored[k] = v
			}
		}
		page.Values, page.Errors = checkSettings(stored)
		page.Problem = "A stored setting is not valid, so the site uses the defaults until it is corrected below."
	}
	return s.renderSettings(w, r, rq, http.StatusOK, page)
}

// handleSettings saves the discussion settings, all of them or, when any
// value is refused, none.
func (s *server) handleSettings(w http.ResponseWriter, r *http.Request, rq *request) error {
	kv := map[string]string{}
	for _, f := range settingsFields {
		v := r.PostForm.Get(f.form)
		if f.box && v == "" {
			v = "false"
		}
		kv[f.key] = v
	}
	values, errs := checkSettings(kv)
	if len(errs) > 0 {
		return s.renderSettings(w, r, rq, http.StatusUnprocessableEntity, settingsPage{
			Values: values, Errors: errs,
			Problem: "Nothing was saved: correct the values marked below and save again.",
		})
	}
	set, err := comments.SettingsFrom(kv)
	if err != nil {
		return badRequest("Nothing was saved: %s.", err)
	}
	if err := s.st.SetSettings(r.Context(), set.Values()); err != nil {
		return fmt.Errorf("admin: save settings: %w", err)
	}
	s.log.Info("admin: discussion settings saved", "user_id", rq.user.ID)
	s.audit(r, rq, "settings.discussion", "settings", 0, "discussion settings saved")
	redirect(w, "/admin/settings/discussion?saved=1")
	return nil
}

func (s *server) renderSettings(w http.ResponseWriter, r *http.Request, rq *request, status int, page settingsPage) error {
	return s.render(w, r, status, "settings", view{
		Frame: frame{Title: "Discussion settings", User: &rq.user, CSRF: rq.csrf, Section: "settings"},
		Page:  page,
	})
}

// sentenceCase capitalizes a message and ends it with a period.
func sentenceCase(s string) string {
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
