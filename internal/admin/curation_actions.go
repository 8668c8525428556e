package admin

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// curationBack is where an action returns: the page it was sent from,
// with a notice (done) or a problem.
func curationBack(r *http.Request, done string, id int64, problem string) string {
	set := url.Values{"problem": {problem}}
	if problem == "" {
		set = url.Values{"done": {done}, "id": {fmt.Sprint(id)}}
	}
	return withQuery(returnTo(r, "/admin/curation"), []string{"done", "id", "problem"}, set)
}

// loadArticle reads the article of a route, a 404 page when there is
// none.
func (s *server) loadArticle(r *http.Request) (model.Article, error) {
	return loadByPath(r, s.st.GetArticle, "article", "There is no article %d; it may have been removed with its source.")
}

// handleArticleCuration features, unfeatures, hides or shows again an
// article.
func (s *server) handleArticleCuration(w http.ResponseWriter, r *http.Request, rq *request) error {
	action := r.PathValue("action")
	a, err := s.loadArticle(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	switch action {
	case "feature", "unfeature":
		err = s.st.SetArticleFeatured(ctx, a.ID, action == "feature", s.now())
	case "hide", "unhide":
		if a.Kind == model.KindOriginal {
			// The desk publishes and unpublishes the newsroom's own work
			// (with its revisions); showing one here would bypass it.
			return &httpError{http.StatusConflict, fmt.Sprintf(
				"Article #%d is the newsroom's own: publish or unpublish it from Articles.", a.ID)}
		}
		err = s.st.SetArticleHidden(ctx, a.ID, action == "hide")
	default:
		return errNotFound
	}
	if err != nil {
		return fmt.Errorf("admin: %s article %d: %w", action, a.ID, err)
	}
	s.audit(r, rq, "curation."+action, "article", a.ID, fmt.Sprintf("%s %q", action, a.Title))
	redirect(w, curationBack(r, action, a.ID, ""))
	return nil
}

// handleArticleCategory files an article under a category chosen from
// the list or typed as a new name.
func (s *server) handleArticleCategory(w http.ResponseWriter, r *http.Request, rq *request) error {
	a, err := s.loadArticle(r)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(r.PostForm.Get("new_category"))
	if name == "" {
		name = r.PostForm.Get("category")
	}
	if _, _, err := store.CategoryName(name); err != nil {
		redirect(w, curationBack(r, "", 0, fmt.Sprintf("Article #%d was not refiled: %s.", a.ID, err)))
		return nil
	}
	cat, err := s.st.SetArticleCategory(r.Context(), a.ID, name)
	if err != nil {
		return fmt.Errorf("admin: refile article %d: %w", a.ID, err)
	}
	to := cat.Name
	if to == "" {
		to = "no category"
	}
	s.audit(r, rq, "curation.category", "article", a.ID, fmt.Sprintf("%q filed under %s (was %s)", a.Title, to, cmpOr(a.Category, "no category")))
	redirect(w, curationBack(r, "category", a.ID, ""))
	return nil
}

// cmpOr is s, or else when s is empty.
func cmpOr(s, orElse string) string {
	if s == "" {
		return orElse
	}
	return s
}

// handleStoryCuration pins, unpins, moves, hides or shows again a story.
func (s *server) handleStoryCuration(w http.ResponseWriter, r *http.Request, rq *request) error {
	action := r.PathValue("action")
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	st, err := s.st.GetStory(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return &httpError{http.StatusNotFound, fmt.Sprintf("There is no story %d.", id)}
	}
	if err != nil {
		return fmt.Errorf("admin: story %d: %w", id, err)
	}
	done, audit := action, "curation."+action
	switch action {
	case "pin":
		err = s.st.PinStory(ctx, id, s.now())
	case "unpin":
		err = s.st.UnpinStory(ctx, id)
	case "hide":
		done, err = "hidestory", s.st.SetStoryHidden(ctx, id, true)
	case "unhide":
		done, err = "showstory", s.st.SetStoryHidden(ctx, id, false)
	case "up", "down":
		audit = "curation.pin"
		err = s.movePin(r, id, action == "up")
	default:
		return errNotFound
	}
	if err != nil {
		return err
	}
	summary := fmt.Sprintf("%s %q", action, st.Title)
	if action == "up" || action == "down" {
		summary = fmt.Sprintf("moved %q %s among the pinned stories", st.Title, action)
	}
	s.audit(r, rq, audit, "story", id, summary)
	redirect(w, curationBack(r, done, id, ""))
	return nil
}

// movePin swaps a pinned story with its neighbour above or below.
func (s *server) movePin(r *http.Request, id int64, up bool) error {
	pinned, err := s.st.PinnedStories(r.Context())
	if err != nil {
		return fmt.Errorf("admin: move story %d: %w", id, err)
	}
	ids := make([]int64, len(pinned))
	at := -1
	for i, st := range pinned {
		ids[i] = st.ID
		if st.ID == id {
			at = i
		}
	}
	if at < 0 {
		return &httpError{http.StatusConflict, fmt.Sprintf("Story %d is not pinned any more; someone may have unpinned it. Reload the page.", id)}
	}
	to := at + 1
	if up {
		to = at - 1
	}
	if to < 0 || to >= len(ids) {
		return nil // at the top or the bottom already
	}
	ids[at], ids[to] = ids[to], ids[at]
	if err := s.st.ReorderPins(r.Context(), ids); err != nil {
		return fmt.Errorf("admin: move story %d: %w", id, err)
	}
	return nil
}
