package admin

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"regexp"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// editPage is the data of a comment's edit form.
type editPage struct {
	Item                         commentItem
	Name, Website, Body          string
	Errors                       comments.FieldErrors
	Return                       string
	MaxName, MaxWebsite, MaxBody int
	LimitNotice                  string // "Comments may be up to 5,000 characters."
}

func (s *server) handleEditForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	c, err := s.loadComment(r)
	if err != nil {
		return err
	}
	ret, ok := localPath(r.URL.Query().Get("return"))
	if !ok {
		ret = listURL(c.Status, 0, "")
	}
	return s.renderEdit(w, r, rq, http.StatusOK, c, ret, c.Name, c.Website, c.Body, nil)
}

func (s *server) renderEdit(w http.ResponseWriter, r *http.Request, rq *request, status int, c model.Comment, ret, name, website, body string, errs comments.FieldErrors) error {
	page := editPage{
		Item: s.commentItems(r.Context(), []model.Comment{c})[0],
		Name: name, Website: website, Body: body, Errors: errs, Return: ret,
		MaxName: s.limits.Max(comments.FieldAuthor), MaxWebsite: s.limits.Max(comments.FieldURL), MaxBody: s.limits.Max(comments.FieldComment),
		LimitNotice: s.limits.Notice(),
	}
	return s.render(w, r, status, "edit", view{
		Frame: frame{Title: fmt.Sprintf("Edit comment #%d", c.ID), User: &rq.user, CSRF: rq.csrf, Section: "comments"},
		Page:  page,
	})
}

// handleEdit saves a moderator's edit of a comment's name, website and
// text, held to the same rules as the public form. On any error the form
// comes back with the messages next to the fields and what was typed.
func (s *server) handleEdit(w http.ResponseWriter, r *http.Request, rq *request) error {
	c, err := s.loadComment(r)
	if err != nil {
		return err
	}
	ret := returnTo(r, listURL(c.Status, 0, ""))
	name, website, body := r.PostForm.Get(comments.FieldAuthor), r.PostForm.Get(comments.FieldURL), r.PostForm.Get(comments.FieldComment)
	f := comments.Normalize(comments.Form{Name: name, Website: website, Body: body, Email: c.Email})
	errs := comments.Validate(f, s.limits)
	// The commenter's email is not edited here; whatever it is, it is theirs.
	delete(errs, comments.FieldEmail)
	delete(errs, comments.FieldForm)
	if len(errs) > 0 {
		return s.renderEdit(w, r, rq, http.StatusUnprocessableEntity, c, ret, name, website, body, errs)
	}
	if err := s.st.EditComment(r.Context(), c.ID, f.Name, f.Website, f.Body); err != nil {
		return fmt.Errorf("admin: edit comment %d: %w", c.ID, err)
	}
	s.log.Info("admin: comment edited", "comment_id", c.ID, "user_id", rq.user.ID)
	s.audit(r, rq, "comment.edit", "comment", c.ID, "edited the commenter's name, website or text")
	redirect(w, withNotice(ret, "edited", c.ID))
	return nil
}

// replyPage is the data of the reply form.
type replyPage struct {
	Parent  commentItem
	Body    string
	Error   string // why the reply cannot be stored, or what is wrong with it
	Refused bool   // the rules refuse any reply here: the text typed is shown, with no button
	Pending bool   // the parent awaits moderation
	Return  string
	Nonce   string
	MaxBody int
	Signer  string // the name the reply is signed with
	// LimitNotice states the length limit: "Comments may be up to 5,000 characters."
	LimitNotice string
}

func (s *server) handleReplyForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	parent, err := s.loadComment(r)
	if err != nil {
		return err
	}
	ret, ok := localPath(r.URL.Query().Get("return"))
	if !ok {
		ret = listURL(parent.Status, 0, "")
	}
	page := replyPage{Return: ret, Nonce: newNonce()}
	// Say at once when the rules will refuse any reply here.
	c := s.staffReply(rq.user, parent, "")
	if _, err := s.decide(r.Context(), c, parent); err != nil {
		var rej *comments.Rejection
		if !errors.As(err, &rej) {
			return err
		}
		page.Error, page.Refused = rej.Message, true
	}
	return s.renderReply(w, r, rq, http.StatusOK, parent, page)
}

func (s *server) renderReply(w http.ResponseWriter, r *http.Request, rq *request, status int, parent model.Comment, page replyPage) error {
	page.Parent = s.commentItems(r.Context(), []model.Comment{parent})[0]
	page.Pending = parent.Status == model.CommentPending
	page.MaxBody = s.limits.Max(comments.FieldComment)
	page.LimitNotice = s.limits.Notice()
	page.Signer = s.staffName(rq.user)
	return s.render(w, r, status, "reply", view{
		Frame: frame{Title: fmt.Sprintf("Reply to comment #%d", parent.ID), User: &rq.user, CSRF: rq.csrf, Section: "comments"},
		Page:  page,
	})
}

// handleReply stores a staff member's reply: approved at once, signed
// with their name and email, under the comment replied to, within the
// discussion's rules on closing and depth.
func (s *server) handleReply(w http.ResponseWriter, r *http.Request, rq *request) error {
	parent, err := s.loadComment(r)
	if err != nil {
		return err
	}
	ret := returnTo(r, listURL(parent.Status, 0, ""))
	body := r.PostForm.Get(comments.FieldComment)
	nonce := r.PostForm.Get("nonce")
	if !nonceRE.MatchString(nonce) {
		nonce = newNonce()
	}
	page := replyPage{Body: body, Return: ret, Nonce: nonce}
	f := comments.Normalize(comments.Form{Body: body, Name: s.staffName(rq.user), Email: rq.user.Email, ParentID: parent.ID})
	errs := comments.Validate(f, s.limits)
	switch {
	case errs[comments.FieldComment] != "":
		page.Error = errs[comments.FieldComment]
	case errs[comments.FieldAuthor] != "" || errs[comments.FieldEmail] != "":
		page.Error = "Your account's name or email address cannot sign a comment (" +
			errs[comments.FieldAuthor] + errs[comments.FieldEmail] + "); an admin can change them."
	}
	if page.Error != "" {
		return s.renderReply(w, r, rq, http.StatusUnprocessableEntity, parent, page)
	}
	c := s.staffReply(rq.user, parent, f.Body)
	c.ClientIP = s.clientIP(r)
	c.UserAgent = r.UserAgent()
	c.Nonce = "admin:" + nonce
	v, err := s.decide(r.Context(), c, parent)
	if err != nil {
		var rej *comments.Rejection
		if !errors.As(err, &rej) {
			return err
		}
		page.Error, page.Refused = rej.Message, true
		return s.renderReply(w, r, rq, http.StatusUnprocessableEntity, parent, page)
	}
	c.Status, c.Reason = v.Status, v.Reason
	stored, err := s.st.AddComment(r.Context(), c)
	switch {
	case errors.Is(err, store.ErrDuplicate):
		// The same form posted twice: the first post stored the reply.
		redirect(w, ret)
		return nil
	case errors.Is(err, store.ErrNotFound):
		return &httpError{http.StatusNotFound, "The comment or its article was removed meanwhile; the reply was not stored."}
	case err != nil:
		return fmt.Errorf("admin: reply to comment %d: %w", parent.ID, err)
	}
	s.log.Info("admin: staff reply", "comment_id", stored.ID, "parent_id", parent.ID, "user_id", rq.user.ID)
	s.audit(r, rq, "comment.reply", "comment", stored.ID, fmt.Sprintf("replied to comment #%d", parent.ID))
	redirect(w, withNotice(ret, "replied", stored.ID))
	return nil
}

// staffReply is the comment a staff member's reply to parent is.
func (s *server) staffReply(u model.User, parent model.Comment, body string) model.Comment {
	return model.Comment{
		ArticleID: parent.ArticleID,
		ParentID:  parent.ID,
		Name:      s.staffName(u),
		Email:     u.Email,
		Body:      body,
		UserID:    u.ID,
	}
}

// staffName is the name a staff member's replies are signed with: theirs,
// or the site's when their account has none (never the email address,
// which is not for the public).
func (s *server) staffName(u model.User) string {
	if u.Name != "" {
		return u.Name
	}
	return s.siteNow().Name
}

// decide applies the discussion's rules (closing, depth, the parent's
// status) to a staff reply.
func (s *server) decide(ctx context.Context, c model.Comment, parent model.Comment) (comments.Verdict, error) {
	a, err := s.st.GetArticle(ctx, parent.ArticleID)
	if err != nil {
		return comments.Verdict{}, fmt.Errorf("admin: the article of comment %d: %w", parent.ID, err)
	}
	set := s.discussion(ctx)
	return set.Policy.Decide(c, store.Activity{}, a, &parent, s.now())
}

// discussion reads the discussion settings; stored values that cannot
// be read (changed outside the admin area) give way to the defaults,
// with a warning in the log.
func (s *server) discussion(ctx context.Context) comments.Settings {
	kv, err := s.st.Settings(ctx)
	if err != nil {
		s.log.Warn("admin: read the discussion settings; using the defaults", "err", err)
		return comments.DefaultSettings()
	}
	set, err := comments.SettingsFrom(kv)
	if err != nil {
		s.log.Warn("admin: the stored discussion settings are invalid; using the defaults", "err", err)
		return comments.DefaultSettings()
	}
	return set
}

var nonceRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

// newNonce returns a reply form's one-time value: a reply posted twice is
// stored once.
func newNonce() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
