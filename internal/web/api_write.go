package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/desk"
	"github.com/newsdesk/newsdesk/internal/model"
)

// The JSON API's writes: programs holding an app token of scope "api"
// (internal/auth) create, edit, publish and unpublish newsroom articles
// and moderate comments, with exactly the rights the admin area gives
// the token's account. They authenticate with "Authorization: Bearer
// nd_…" only: cookies are never read here, so a browser signed in to the
// admin area cannot be made to write through the API by another site
// (no CSRF), and reads stay public and anonymous.

// APIWrites enables the API's write operations (Options.Writes).
type APIWrites struct {
	// Tokens checks bearer tokens; *auth.Tokens does.
	Tokens TokenAuthenticator
	// Store is where the writes go.
	Store WriteStore
	// Limit bounds how often one token may write. The zero value means
	// 2 writes a second with bursts of 30; a negative Rate turns it off.
	Limit RateLimit
	// Scheduled is called after an article is scheduled, so the
	// publisher wakes for it; nil calls nothing.
	Scheduled func()
}

// TokenAuthenticator checks an app token's secret (auth.Tokens).
type TokenAuthenticator interface {
	AuthenticateToken(ctx context.Context, secret string, scope model.TokenScope) (model.User, model.AppToken, error)
}

// WriteStore is what the API's writes need of the store, besides the
// site's Store.
type WriteStore interface {
	desk.ArticleStore
	SetCommentStatus(ctx context.Context, id int64, status model.CommentStatus) error
	AddAudit(ctx context.Context, e model.AuditEntry) (model.AuditEntry, error)
}

// defaultWriteLimit lets a script publish a batch at once and keeps a
// runaway loop from flooding the desk's revisions.
var defaultWriteLimit = RateLimit{Rate: 2, Burst: 30}

// maxWriteBody caps a write's request body: an article's Markdown at its
// largest, escaped in JSON, and the other fields.
const maxWriteBody = 2*desk.MaxBodyBytes + 64<<10

// writes is the server's state for the write operations.
type writes struct {
	APIWrites
	limiter *rateLimiter // nil: no limit
	desk    *desk.Service
}

// newWrites checks o and builds the writes' state; nil for no writes.
func newWrites(o *APIWrites) (*writes, error) {
	if o == nil {
		return nil, nil
	}
	if o.Tokens == nil || o.Store == nil {
		return nil, errors.New("web: API writes need a token authenticator and a store")
	}
	w := &writes{APIWrites: *o, desk: desk.NewService(o.Store)}
	limit := o.Limit
	if limit == (RateLimit{}) {
		limit = defaultWriteLimit
	}
	if limit.Rate >= 0 {
		if limit.Rate == 0 || limit.Burst < 1 {
			return nil, fmt.Errorf("web: a write rate limit needs a positive rate and burst, not %+v", limit)
		}
		w.limiter = newRateLimiter(limit, time.Now)
	}
	return w, nil
}

// writeRoutes registers the write operations (see the OpenAPI document),
// when the site takes writes; without them those addresses answer 405
// like any other method but GET.
func (s *server) writeRoutes(mux *http.ServeMux) {
	if s.writes == nil {
		return
	}
	mux.HandleFunc("POST /api/v1/articles", s.apiWrite(s.apiCreateArticle))
	mux.HandleFunc("PATCH /api/v1/articles/{id}", s.apiWrite(s.apiPatchArticle))
	mux.HandleFunc("POST /api/v1/articles/{id}/publish", s.apiWrite(s.apiPublishArticle))
	mux.HandleFunc("POST /api/v1/articles/{id}/unpublish", s.apiWrite(s.apiUnpublishArticle))
	mux.HandleFunc("POST /api/v1/comments/{id}/moderation", s.apiWrite(s.apiModerateComment))
}

// writeCall is one authenticated write: who makes it, with which token.
type writeCall struct {
	user  model.User
	token model.AppToken
}

// writeResult is a write's answer: its status, body and an ETag when it
// answers with an article.
type writeResult struct {
	status int
	body   any
	etag   string
}

// bearerRealm names the API in WWW-Authenticate challenges.
const bearerRealm = `Bearer realm="newsdesk API"`

// apiWrite authenticates a write by its bearer token, applies the
// token's rate limit and caps the body, then runs h.
func (s *server) apiWrite(h func(*http.Request, writeCall) (writeResult, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		scheme, secret, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
		secret = strings.TrimSpace(secret)
		if !strings.EqualFold(scheme, "Bearer") || secret == "" {
			w.Header().Set("WWW-Authenticate", bearerRealm)
			s.fail(w, r, &httpError{http.StatusUnauthorized,
				"writes need an API token: send Authorization: Bearer nd_… (make one under /admin/account/tokens); cookies are not accepted"})
			return
		}
		ctx := auth.WithClientIP(r.Context(), s.clientKey(r))
		u, tok, err := s.writes.Tokens.AuthenticateToken(ctx, secret, model.ScopeAPI)
		var te *auth.ThrottledError
		switch {
		case errors.As(err, &te):
			w.Header().Set("Retry-After", strconv.Itoa(int(te.RetryAfter/time.Second)))
			s.fail(w, r, &httpError{http.StatusTooManyRequests, "too many failed token checks from this client; try again later"})
			return
		case errors.Is(err, auth.ErrBadToken):
			w.Header().Set("WWW-Authenticate", bearerRealm+`, error="invalid_token"`)
			s.fail(w, r, &httpError{http.StatusUnauthorized, "the token is not valid: it may have been revoked, or its account disabled"})
			return
		case errors.Is(err, auth.ErrWrongScope):
			w.Header().Set("WWW-Authenticate", bearerRealm+`, error="insufficient_scope", scope="api"`)
			s.fail(w, r, &httpError{http.StatusForbidden, "this token is for feed-reader apps; the API takes tokens of scope api"})
			return
		case err != nil:
			s.fail(w, r, err)
			return
		}
		if l := s.writes.limiter; l != nil {
			if ok, wait := l.allow("token:" + strconv.FormatInt(tok.ID, 10)); !ok {
				w.Header().Set("Retry-After", strconv.Itoa(max(1, int((wait+time.Second-1)/time.Second))))
				s.fail(w, r, &httpError{http.StatusTooManyRequests, "too many writes with this token; slow down"})
				return
			}
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxWriteBody)
		res, err := h(r, writeCall{user: u, token: tok})
		var ve *validationError
		if errors.As(err, &ve) {
			writeJSON(w, http.StatusUnprocessableEntity, validationJSON{Error: ve.msg, Fields: ve.fields})
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if res.etag != "" {
			w.Header().Set("ETag", res.etag)
		}
		writeJSON(w, res.status, res.body)
	}
}

// validationJSON is a 422's body: the error, and the problem of each
// field at fault when there are several.
type validationJSON struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields,omitempty"`
}

// decodeBody reads a JSON object into v, refusing unknown fields, a
// body too large, trailing data and wrong types with messages that name
// the problem. An empty body is refused unless allowEmpty.
func decodeBody(r *http.Request, v any, allowEmpty bool) error {
	raw, err := io.ReadAll(r.Body)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &httpError{http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is over %d bytes", mbe.Limit)}
	}
	if err != nil {
		return badRequest("could not read the request body: %v", err)
	}
	if strings.TrimSpace(string(raw)) == "" {
		if allowEmpty {
			return nil
		}
		return badRequest("send a JSON object in the request body")
	}
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(strings.ToLower(ct), "application/json") {
		return &httpError{http.StatusUnsupportedMediaType, "send the body as application/json"}
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("%s", jsonProblem(err))
	}
	if dec.More() {
		return badRequest("the body holds more than one JSON value")
	}
	return nil
}

// jsonProblem words a decoding error for the client.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("the body is not valid JSON (at byte %d)", se.Offset)
	case errors.As(err, &te) && te.Field != "":
		return fmt.Sprintf("the field %q must be a %s, not a JSON %s", te.Field, jsonTypeName(te.Type.Kind().String()), te.Value)
	case errors.As(err, &te):
		return fmt.Sprintf("the body must be a JSON object, not a JSON %s", te.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ") + "; see /api/v1/openapi.json for the fields"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the body ends before its JSON does"
	}
	return "the body is not valid JSON: " + err.Error()
}

func jsonTypeName(kind string) string {
	switch kind {
	case "string":
		return "string"
	case "slice":
		return "list"
	case "bool":
		return "boolean"
	case "int", "int64", "int32":
		return "whole number"
	case "ptr":
		return "value of the right type"
	}
	return kind
}

// audit records a write in the audit log as made by the token's
// account; a failure to record is logged, not answered.
func (s *server) audit(r *http.Request, c writeCall, action, targetType string, targetID int64, summary string) {
	e := model.AuditEntry{At: s.now(), UserID: c.user.ID, Actor: c.user.Email, Action: action,
		TargetType: targetType, TargetID: targetID, ClientIP: s.clientKey(r),
		Summary: fmt.Sprintf("%s (API token %q)", summary, c.token.Name)}
	if _, err := s.writes.Store.AddAudit(r.Context(), e); err != nil {
		s.log.Error("web: record audit entry", "action", action, "target_id", targetID, "user_id", c.user.ID, "err", err)
	}
}

// pathNumber reads a route's positive whole-number wildcard; anything
// else is a 400.
func pathNumber(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("%s id must be a positive whole number", what)
	}
	return id, nil
}
