package web

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

const (
	// maxCommentPost bounds the comment form's body: the longest comment
	// in the longest UTF-8, percent-encoded, with room for the rest.
	maxCommentPost = 256 << 10
	// maxUserAgent caps the browser's user agent kept with a comment for
	// moderators. Only the user agent is ever cut: what the reader typed
	// is taken whole or refused.
	maxUserAgent = 512
	// checkerTimeout bounds the optional checker's answer; Combine holds
	// the comment when it does not come.
	checkerTimeout = 10 * time.Second
	// notifyTimeout bounds one notification of the moderators.
	notifyTimeout = time.Minute
	// maxNotifying bounds the notifications in flight; past it a held
	// comment waits in the queue without an email.
	maxNotifying = 16
	// commenterCookie remembers a commenter's name, email and website in
	// their browser, when they ask for it.
	commenterCookie = "newsdesk_commenter"
	// commenterCookieAge is one year, in seconds.
	commenterCookieAge = 365 * 24 * 60 * 60
)

// limitComments answers 429 with Retry-After to a client that posts the
// comment form faster than the comment limit allows, before the form is
// even read. A person never gets here (the rules' flood interval stops
// them first, with their comment kept in the form); the page tells them
// to go back, where the browser has kept what they typed.
func (s *server) limitComments(next http.HandlerFunc) http.HandlerFunc {
	if s.commentLimiter == nil {
		return next
	}
	return func(w http.ResponseWriter, r *http.Request) {
		ok, wait := s.commentLimiter.allow(s.clientKey(r))
		if !ok {
			secs := max(1, int(math.Ceil(wait.Seconds())))
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			s.log.Debug("web: comment posts rate-limited", "client", s.clientKey(r))
			s.fail(w, r, &httpError{http.StatusTooManyRequests,
				"Too many comments posted in a short time; please wait " + plural(secs, "second", "seconds") +
					", then go back and post your comment again."})
			return
		}
		next(w, r)
	}
}

// handlePostComment takes the "Leave a Reply" form. Every answer but a
// success brings the article page back with the form as the reader
// filled it and a message by each field in error or above the form; a
// success redirects (303) to the comment on the article page.
func (s *server) handlePostComment(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	w.Header().Set("Cache-Control", "no-store")
	r.Body = http.MaxBytesReader(w, r.Body, maxCommentPost)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &httpError{http.StatusRequestEntityTooLarge,
				"That is far longer than a comment can be (" + commentLimits.Notice() + ")"}
		}
		return badRequest("The comment form could not be read; please go back and post it again.")
	}
	pf := r.PostForm
	articleID := positiveID(pf.Get("article_id"))
	if articleID == 0 {
		return badRequest("The comment form did not say which article it belongs to; please post it from the article's page.")
	}
	a, err := s.publicArticle(ctx, articleID)
	if err != nil {
		return notFoundAs(err, "The article this comment was for is no longer on the site.")
	}
	form := comments.Normalize(comments.Form{
		Body:     pf.Get(comments.FieldComment),
		Name:     pf.Get(comments.FieldAuthor),
		Email:    pf.Get(comments.FieldEmail),
		Website:  pf.Get(comments.FieldURL),
		ParentID: parentParam(pf.Get("comment_parent")),
		Remember: pf.Get("remember") != "",
		Honeypot: pf.Get("subject"),
		Token:    pf.Get("comment_token"),
	})
	d, err := s.discussion.get(ctx)
	if err != nil {
		return err
	}
	now := s.now()
	client := ""
	if ip, ok := clientAddr(r, s.trustedProxies); ok {
		client = ip.String()
	}

	if form.HoneypotFilled() {
		// A bot: answered as if its comment were held, and nothing is
		// stored. The link it gets shows the held notice and no comment.
		s.log.Debug("web: comment honeypot filled; nothing stored", "article_id", a.ID, "client", client)
		fake := decoyID()
		s.setCommenterCookie(w, r, form)
		http.Redirect(w, r, s.heldURL(a, s.heldPage(ctx, a, d, form.ParentID), fake, d.previewHash(macDecoy, fake)), http.StatusSeeOther)
		return nil
	}
	if errs := comments.Validate(form, commentLimits); len(errs) > 0 {
		return s.formBack(w, r, a, form, errs, "", http.StatusUnprocessableEntity)
	}
	tokenNonce, err := d.tokens().Check(form.Token, a.ID, now)
	if err != nil {
		if errors.Is(err, comments.ErrNoSecret) {
			return err
		}
		s.log.Info("web: comment form token refused", "article_id", a.ID, "client", client, "err", err)
		status := http.StatusUnprocessableEntity
		if errors.Is(err, comments.ErrTokenInvalid) || errors.Is(err, comments.ErrTokenWrongArticle) {
			status = http.StatusForbidden
		}
		return s.formBack(w, r, a, form, nil, comments.ReaderMessage(err), status)
	}

	c := model.Comment{
		ArticleID: a.ID,
		ParentID:  form.ParentID,
		Name:      form.Name,
		Email:     form.Email,
		Website:   form.Website,
		Body:      form.Body,
		ClientIP:  client,
		UserAgent: capUserAgent(r.UserAgent()),
		Created:   now,
		Nonce:     d.nonce(tokenNonce, form, a.ID),
	}
	var parent *model.Comment
	if c.ParentID != 0 {
		p, err := s.store.GetComment(ctx, c.ParentID)
		switch {
		case err == nil:
			parent = &p
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
	}
	activity, err := s.store.CommentActivity(ctx, d.Policy.ActivityQuery(c, now))
	if err != nil {
		return fmt.Errorf("web: comment activity: %w", err)
	}
	verdict, err := d.Policy.Decide(c, activity, a, parent, now)
	if err != nil {
		var rej *comments.Rejection
		if !errors.As(err, &rej) {
			return err
		}
		s.log.Info("web: comment refused", "article_id", a.ID, "rule", string(rej.Kind), "client", client)
		status := http.StatusForbidden
		switch rej.Kind {
		case comments.Flood, comments.RateLimited:
			status = http.StatusTooManyRequests
			wait := rej.RetryAfter
			if wait <= 0 {
				wait = d.Policy.RateWindow
			}
			w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
		case comments.Duplicate:
			status = http.StatusConflict
		}
		return s.formBack(w, r, a, form, nil, comments.ReaderMessage(rej), status)
	}
	checkCtx, cancel := context.WithTimeout(ctx, checkerTimeout)
	verdict = comments.Combine(checkCtx, verdict, s.checker, c)
	cancel()
	c.Status, c.Reason = verdict.Status, verdict.Reason

	saved, err := s.store.AddComment(ctx, c)
	switch {
	case errors.Is(err, store.ErrDuplicate):
		// The same form posted twice (a double click, a retried request):
		// the first one was stored, and this one is its success.
		s.log.Info("web: comment form posted again; kept once", "article_id", a.ID, "client", client)
		s.setCommenterCookie(w, r, form)
		http.Redirect(w, r, s.permalink(a)+"#comments", http.StatusSeeOther)
		return nil
	case (errors.Is(err, store.ErrNotFound) && c.ParentID != 0) || errors.Is(err, store.ErrBadParent):
		// The parent went away between reading and writing.
		return s.formBack(w, r, a, form, nil, "The comment you are replying to is not available.", http.StatusForbidden)
	case err != nil:
		return notFoundAs(err, "The article this comment was for is no longer on the site.")
	}
	s.log.Info("web: comment posted", "comment_id", saved.ID, "article_id", a.ID, "status", string(saved.Status))
	s.log.Debug("web: comment verdict", "comment_id", saved.ID, "reason", saved.Reason)
	s.setCommenterCookie(w, r, form)

	if saved.Status == model.CommentApproved {
		page, err := s.store.CommentPage(ctx, saved.ID, d.PerPage, d.NewestFirst)
		if err != nil {
			page = 1 // moderated away already: the article page is still the answer
		}
		http.Redirect(w, r, s.commentURL(a, page, saved.ID), http.StatusSeeOther)
		return nil
	}
	if saved.Status == model.CommentPending {
		s.notifyModerators(saved, a)
	}
	// Held or spam: both see the held notice; only a held comment is
	// shown to its author.
	http.Redirect(w, r, s.heldURL(a, s.heldPage(ctx, a, d, saved.ParentID), saved.ID, d.previewHash(macPreview, saved.ID)), http.StatusSeeOther)
	return nil
}

// formBack renders the article page with the comment form as posted.
func (s *server) formBack(w http.ResponseWriter, r *http.Request, a model.Article, form comments.Form,
	errs comments.FieldErrors, message string, status int) error {
	return s.renderArticle(w, r, a, commentsView{
		posted: &postedForm{form: form, errors: errs, message: message},
		status: status,
	})
}

// parentParam reads the comment_parent field: empty or 0 for a new
// thread, the ID of the comment replied to, or -1 for anything else,
// which Validate reports.
func parentParam(raw string) int64 {
	raw = strings.TrimSpace(raw)
	if raw == "" || raw == "0" {
		return 0
	}
	if id := positiveID(raw); id > 0 {
		return id
	}
	return -1
}

// capUserAgent makes a user agent storable: valid UTF-8 without NUL,
// and at most maxUserAgent bytes, cut at a character boundary.
func capUserAgent(ua string) string {
	ua = strings.ReplaceAll(strings.ToValidUTF8(ua, "\uFFFD"), "\x00", "")
	if len(ua) <= maxUserAgent {
		return ua
	}
	cut := maxUserAgent
	for cut > 0 && !utf8.RuneStart(ua[cut]) {
		cut--
	}
	return ua[:cut]
}

// decoyID is the comment ID a bot is told its comment got: a number like
// a real one, whose link is signed for decoys only.
func decoyID() int64 {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return int64(binary.BigEndian.Uint64(b[:])%1_000_000) + 1
}

// commentURL is the address of an approved comment on its article page.
func (s *server) commentURL(a model.Article, page int, id int64) string {
	u := s.permalink(a)
	if page > 1 {
		u += "?cpage=" + strconv.Itoa(page)
	}
	return u + "#" + commentAnchor(id)
}

// heldURL is the address a commenter is sent to after posting a comment
// that was held: the article page on which it would appear, with the
// signed preview parameters.
func (s *server) heldURL(a model.Article, page int, id int64, hash string) string {
	q := url.Values{}
	if page > 1 {
		q.Set("cpage", strconv.Itoa(page))
	}
	q.Set("unapproved", strconv.FormatInt(id, 10))
	q.Set("hash", hash)
	return s.permalink(a) + "?" + q.Encode() + "#" + commentAnchor(id)
}

// heldPage is the page a held comment is shown on to its author: its
// parent's page for a reply; for a new thread the first page when the
// newest threads come first, else the last.
func (s *server) heldPage(ctx context.Context, a model.Article, d discussion, parentID int64) int {
	if parentID > 0 {
		if n, err := s.store.CommentPage(ctx, parentID, d.PerPage, d.NewestFirst); err == nil {
			return n
		}
		return 1
	}
	if d.NewestFirst {
		return 1
	}
	// A page past the last reads no comments, only the count of threads.
	_, topLevel, err := s.store.Thread(ctx, a.ID, math.MaxInt32, d.PerPage, false)
	if err != nil {
		return 1
	}
	return max(1, (topLevel+d.PerPage-1)/d.PerPage)
}

// setCommenterCookie remembers the commenter's name, email and website
// in their browser when they ticked the box, for site.js to fill the
// form with next time, and forgets them when they did not. The cookie is
// readable by scripts on purpose (site.js reads it) and holds nothing
// the reader did not type; the server never reads it.
func (s *server) setCommenterCookie(w http.ResponseWriter, r *http.Request, f comments.Form) {
	if f.Remember {
		v := url.Values{}
		v.Set("author", f.Name)
		v.Set("email", f.Email)
		v.Set("url", f.Website)
		http.SetCookie(w, &http.Cookie{
			Name: commenterCookie, Value: v.Encode(), Path: "/", MaxAge: commenterCookieAge,
			SameSite: http.SameSiteLaxMode, Secure: s.isHTTPS(r),
		})
		return
	}
	if _, err := r.Cookie(commenterCookie); err == nil {
		http.SetCookie(w, &http.Cookie{
			Name: commenterCookie, Value: "", Path: "/", MaxAge: -1,
			SameSite: http.SameSiteLaxMode, Secure: s.isHTTPS(r),
		})
	}
}

// isHTTPS reports whether the reader reached the site over https: this
// server's own TLS, or a trusted proxy's X-Forwarded-Proto.
func (s *server) isHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if !peerTrusted(r, s.trustedProxies) {
		return false
	}
	proto := r.Header.Get("X-Forwarded-Proto")
	if i := strings.LastIndexByte(proto, ','); i >= 0 {
		proto = proto[i+1:] // the nearest proxy's word
	}
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}

// notifyModerators tells the moderators and admins about a held comment,
// in the background, so the commenter does not wait for an email server.
// A failure is logged without the commenter's email address.
func (s *server) notifyModerators(c model.Comment, a model.Article) {
	if s.notifier == nil {
		return
	}
	select {
	case s.notifySlots <- struct{}{}:
	default:
		s.log.Warn("web: too many moderator notifications in flight; this one is skipped", "comment_id", c.ID)
		return
	}
	notice := comments.Notice{
		Comment:      c,
		ArticleTitle: a.Title,
		ArticleURL:   s.absURL(s.permalink(a)),
		ModerateURL:  s.absURL("/admin/comments?status=pending"),
	}
	go func() {
		defer func() { <-s.notifySlots }()
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("web: moderator notifier panicked", "comment_id", c.ID, "panic", v)
			}
		}()
		ctx, cancel := context.WithTimeout(context.Background(), notifyTimeout)
		defer cancel()
		users, err := s.store.UsersWithRoles(ctx, model.RoleAdmin, model.RoleEditor, model.RoleModerator)
		if err != nil {
			s.log.Warn("web: notify moderators: list them", "comment_id", c.ID, "err", err)
			return
		}
		to := make([]string, 0, len(users))
		for _, u := range users {
			if u.Email != "" {
				to = append(to, u.Email)
			}
		}
		if len(to) == 0 {
			return
		}
		if err := s.notifier.Notify(ctx, to, notice); err != nil {
			s.log.Warn("web: notify moderators", "comment_id", c.ID, "err", err)
		}
	}()
}
