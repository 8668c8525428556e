package admin

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// The app tokens area: every member of the newsroom makes, lists and
// revokes their own tokens for the JSON API (scope api) and for
// feed-reader apps (scope reader). The secret is shown once, on the page
// that answers the form that made it, and never again: only its hash is
// kept (internal/auth).

// tokenStore is what the tokens area needs of the store.
type tokenStore interface {
	store.AppTokenStore
}

// tokensPage is the data of the tokens page.
type tokensPage struct {
	Tokens  []tokenRow
	Errors  map[string]string // by form field: name, scope
	Problem string
	Notice  string
	Form    struct{ Name, Scope string }
	// New is the token just made, with its secret: shown this once.
	New *newToken
}

// tokenRow is one token of the list.
type tokenRow struct {
	ID                  int64
	Name, Scope         string
	Created, CreatedISO string
	Used, UsedISO       string // "" when never used
}

// newToken is a token just made, and what to type into an app.
type newToken struct {
	Name, Scope, Secret string
	Reader              bool
	Server, FeverURL    string // the site's address, and the Fever API's
	Username            string // the account's email
}

// tokenRoutes registers the tokens area's pages: any member of the
// newsroom manages their own tokens.
func (s *server) tokenRoutes(mux *http.ServeMux) {
	tokens, err := auth.NewTokens(s.st, auth.TokenOptions{Now: s.now})
	if err != nil {
		// Only a nil store fails, which New refuses before routes exist.
		panic(err)
	}
	t := &tokensArea{server: s, tokens: tokens}
	s.handle(mux, "GET /admin/account/tokens", anyStaff, t.handleList)
	s.handle(mux, "POST /admin/account/tokens", anyStaff, t.handleCreate)
	s.handle(mux, "POST /admin/account/tokens/{id}/revoke", anyStaff, t.handleRevoke)
}

// tokensArea serves the tokens pages.
type tokensArea struct {
	*server
	tokens *auth.Tokens
}

func (t *tokensArea) handleList(w http.ResponseWriter, r *http.Request, rq *request) error {
	page := tokensPage{}
	page.Form.Scope = string(model.ScopeAPI)
	if r.URL.Query().Get("done") == "revoked" {
		page.Notice = "The token is revoked: programs using it are refused from now on."
	}
	return t.renderTokens(w, r, rq, http.StatusOK, page)
}

func (t *tokensArea) renderTokens(w http.ResponseWriter, r *http.Request, rq *request, status int, page tokensPage) error {
	list, err := t.tokens.List(r.Context(), rq.user.ID)
	if err != nil {
		return fmt.Errorf("admin: tokens: %w", err)
	}
	for _, tok := range list {
		row := tokenRow{ID: tok.ID, Name: tok.Name, Scope: string(tok.Scope)}
		row.Created, row.CreatedISO = t.formatTime(tok.Created)
		if !tok.LastUsed.IsZero() {
			row.Used, row.UsedISO = t.formatTime(tok.LastUsed)
		}
		page.Tokens = append(page.Tokens, row)
	}
	return t.render(w, r, status, "tokens", view{Frame: rq.frame("App tokens", "account"), Page: page})
}

// handleCreate makes a token and shows its secret, once.
func (t *tokensArea) handleCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	page := tokensPage{Errors: map[string]string{}}
	page.Form.Name = strings.TrimSpace(r.PostForm.Get("name"))
	page.Form.Scope = r.PostForm.Get("scope")
	scope, err := model.ParseTokenScope(page.Form.Scope)
	if err != nil {
		page.Errors["scope"] = "Choose what the token is for: the JSON API, or a feed-reader app."
	}
	if page.Form.Name == "" {
		page.Errors["name"] = "Name the token after the program that will use it, so you know which to revoke."
	}
	if len(page.Errors) == 0 {
		tok, secret, err := t.tokens.Create(r.Context(), rq.user, page.Form.Name, scope)
		switch {
		case errors.Is(err, auth.ErrTokenNameTaken):
			page.Errors["name"] = "You have a token of that name already; choose another name."
		case errors.Is(err, auth.ErrInvalidToken):
			page.Errors["name"] = fmt.Sprintf("A token's name is 1 to %d characters of text.", store.MaxTokenName)
		case err != nil:
			return fmt.Errorf("admin: create token: %w", err)
		default:
			t.audit(r, rq, "token.create", "app_token", tok.ID, fmt.Sprintf("made %s token %q", tok.Scope, tok.Name))
			base := strings.TrimRight(t.siteNow().BaseURL, "/")
			page.New = &newToken{Name: tok.Name, Scope: string(tok.Scope), Secret: secret, Reader: tok.Scope == model.ScopeReader,
				Server: base + "/", FeverURL: base + "/fever/", Username: rq.user.Email}
			page.Form.Name, page.Form.Scope = "", string(model.ScopeAPI)
			return t.renderTokens(w, r, rq, http.StatusOK, page)
		}
	}
	page.Problem = "No token was made: correct what is marked below."
	return t.renderTokens(w, r, rq, http.StatusUnprocessableEntity, page)
}

// handleRevoke deletes one of the member's own tokens.
func (t *tokensArea) handleRevoke(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	tok, err := t.tokens.Revoke(r.Context(), id, rq.user.ID)
	if errors.Is(err, auth.ErrNoToken) {
		return &httpError{http.StatusNotFound, fmt.Sprintf("You have no token #%d; it may have been revoked already.", id)}
	}
	if err != nil {
		return fmt.Errorf("admin: revoke token: %w", err)
	}
	t.audit(r, rq, "token.revoke", "app_token", tok.ID, fmt.Sprintf("revoked %s token %q", tok.Scope, tok.Name))
	redirect(w, "/admin/account/tokens?done=revoked")
	return nil
}
