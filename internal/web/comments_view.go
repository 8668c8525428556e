package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// awaitingModeration is what a commenter sees of their own held comment.
const awaitingModeration = "Your comment is awaiting moderation."

// commentsView says which view of an article's comments to render.
type commentsView struct {
	page    int   // 1-based page of threads; 0: the first, or the parent's for a form coming back
	replyTo int64 // the comment the form replies to (replytocom)
	// previewID and previewHash come from the link a commenter is sent
	// to after posting a comment that was held.
	previewID   int64
	previewHash string
	// posted is the form coming back after a failed post, with status.
	posted *postedForm
	status int
}

// postedForm is a comment form that was not taken: what the reader
// typed, the message for each field, and one for the whole form.
type postedForm struct {
	form    comments.Form
	errors  comments.FieldErrors
	message string
}

// parseCommentsQuery reads the comment parameters of an article page.
// A malformed page number is the reader's mistake; the other parameters
// only change what the page adds, and are ignored when they make no
// sense.
func parseCommentsQuery(q url.Values) (commentsView, error) {
	var v commentsView
	if raw := q.Get("cpage"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 {
			return v, badRequest("Comment pages are numbered from 1; %s is not one of them.", quoteForError(raw))
		}
		v.page = n
	}
	v.replyTo = positiveID(q.Get("replytocom"))
	v.previewID = positiveID(q.Get("unapproved"))
	v.previewHash = q.Get("hash")
	return v, nil
}

// positiveID reads an ID, or 0 when raw is not a positive number.
func positiveID(raw string) int64 {
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < 1 {
		return 0
	}
	return n
}

// commentsSection is the data of the comments partial.
type commentsSection struct {
	Count   int // approved comments, replies included
	Threads []*commentView
	// Page and Pages number the pages of threads; Prev and Next link to
	// the neighbouring pages, labeled for the order the threads are in.
	Page, Pages        int
	PrevURL, PrevLabel string
	NextURL, NextLabel string
	Closed             bool
	Form               *commentForm // nil when comments are closed
	// FormHTML is Form already rendered, when it is the blank form.
	FormHTML          template.HTML
	FeedRSS, FeedAtom string
	// Notice tells a commenter their comment is held when it cannot be
	// shown in place (spam, or a page it is not on); NoticeID is the
	// anchor their link points at.
	Notice, NoticeID string
	// Unsent is the text of a comment refused because comments closed
	// meanwhile, shown read-only so the reader can keep it.
	Unsent  string
	Message string // why Unsent was refused
	Private bool   // the page shows a held comment to its author
}

// commentView is one comment as the page shows it, with its replies.
type commentView struct {
	ID       int64
	Depth    int
	Avatar   template.HTML
	Name     string
	Website  string // an http(s) address, or ""
	Date     stamp
	Body     template.HTML
	ReplyURL string // "" when it cannot be replied to
	Pending  bool   // held, shown to its author only
	Children []*commentView
}

// commentForm is the data of the "Leave a Reply" form.
type commentForm struct {
	ArticleID int64
	ParentID  int64
	ReplyTo   string // the name of the commenter replied to; "" for a new thread
	CancelURL string
	Token     string
	Values    comments.Form
	Errors    comments.FieldErrors
	// Summary lists the errors in the order of the fields, for the box
	// at the top of the form.
	Summary []fieldMessage
	Message string // about the whole form: a rule's refusal, a stale form
	Limits  formLimits
}

// fieldMessage is an error in the summary, linked to its field.
type fieldMessage struct {
	Field, Message string
}

// formLimits are the form's limits, for maxlength and the notice.
type formLimits struct {
	Notice                    string
	Comment, Name, Email, URL int
}

// commentLimits are the limits the form states and Validate applies.
var commentLimits = comments.Limits{}

func newFormLimits(l comments.Limits) formLimits {
	return formLimits{
		Notice:  l.Notice(),
		Comment: l.Max(comments.FieldComment),
		Name:    l.Max(comments.FieldAuthor),
		Email:   l.Max(comments.FieldEmail),
		URL:     l.Max(comments.FieldURL),
	}
}

// summaryOrder is the order of the form's fields.
var summaryOrder = []string{comments.FieldForm, comments.FieldComment, comments.FieldAuthor, comments.FieldEmail, comments.FieldURL}

// commentsClosed applies the closing rules of Policy.Decide: closed by
// hand, or open longer than CloseAfter.
func commentsClosed(a model.Article, p comments.Policy, now time.Time) bool {
	return a.CommentsClosed || (p.CloseAfter > 0 && !a.PublishedAt.IsZero() && now.Sub(a.PublishedAt) > p.CloseAfter)
}

// canReply reports whether a reply to c would be deep enough to take.
func canReply(c model.Comment, p comments.Policy) bool {
	return p.MaxDepth <= 0 || c.Depth+1 <= p.MaxDepth-1
}

// commentsSection reads and arranges the comments of an article page.
func (s *server) commentsSection(r *http.Request, a model.Article, cv commentsView) (commentsSection, error) {
	ctx := r.Context()
	d, err := s.discussion.get(ctx)
	if err != nil {
		return commentsSection{}, err
	}
	now := s.now()
	path := s.permalink(a)
	sec := commentsSection{
		Count:    a.Comments,
		Closed:   commentsClosed(a, d.Policy, now),
		FeedRSS:  path + "comments.rss",
		FeedAtom: path + "comments.atom",
	}

	// The commenter's own held comment, from the link they were sent to.
	var preview *model.Comment
	if cv.previewID > 0 && cv.previewHash != "" {
		switch d.checkPreview(cv.previewID, cv.previewHash) {
		case macPreview:
			c, err := s.store.GetComment(ctx, cv.previewID)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return commentsSection{}, err
			}
			if err == nil && c.ArticleID == a.ID {
				sec.Private = true
				switch c.Status {
				case model.CommentPending:
					preview = &c
				case model.CommentSpam:
					// Told the same as a held comment, and shown nothing.
					sec.Notice, sec.NoticeID = awaitingModeration, commentAnchor(c.ID)
				}
			}
		case macDecoy:
			sec.Private = true
			sec.Notice, sec.NoticeID = awaitingModeration, commentAnchor(cv.previewID)
		}
	}

	// The comment the form replies to, if it can take a reply.
	parentID := cv.replyTo
	if cv.posted != nil {
		parentID = cv.posted.form.ParentID
	}
	var parent *model.Comment
	if parentID > 0 && !sec.Closed {
		c, err := s.store.GetComment(ctx, parentID)
		switch {
		case err == nil:
			if c.ArticleID == a.ID && c.Status == model.CommentApproved && canReply(c, d.Policy) {
				parent = &c
			}
		case !errors.Is(err, store.ErrNotFound):
			return commentsSection{}, err
		}
	}

	page := cv.page
	if page == 0 {
		page = 1
		if parent != nil && cv.posted != nil {
			if n, err := s.store.CommentPage(ctx, parent.ID, d.PerPage, d.NewestFirst); err == nil {
				page = n
			}
		}
	}
	var list []model.Comment
	topLevel := 0
	if a.Comments > 0 {
		if list, topLevel, err = s.store.Thread(ctx, a.ID, page, d.PerPage, d.NewestFirst); err != nil {
			return commentsSection{}, err
		}
	}
	sec.Pages = max(1, (topLevel+d.PerPage-1)/d.PerPage)
	if page > sec.Pages {
		return commentsSection{}, &httpError{http.StatusNotFound, "This page of comments does not exist."}
	}
	sec.Page = page
	pageQuery := func(n int) string {
		if n <= 1 {
			return path
		}
		return path + "?cpage=" + strconv.Itoa(n)
	}
	older, newer := "Older comments", "Newer comments"
	if d.NewestFirst {
		older, newer = newer, older
	}
	if page > 1 {
		sec.PrevURL, sec.PrevLabel = pageQuery(page-1)+"#comments", older
	}
	if page < sec.Pages {
		sec.NextURL, sec.NextLabel = pageQuery(page+1)+"#comments", newer
	}

	// The threads as a tree: Thread lists each reply after its parent.
	byID := map[int64]*commentView{}
	replyBase := path + "?"
	if page > 1 {
		replyBase += "cpage=" + strconv.Itoa(page) + "&"
	}
	for _, c := range list {
		v := s.commentView(c)
		if !sec.Closed && canReply(c, d.Policy) {
			v.ReplyURL = replyBase + "replytocom=" + strconv.FormatInt(c.ID, 10) + "#respond"
		}
		byID[c.ID] = v
		if c.ParentID == 0 {
			sec.Threads = append(sec.Threads, v)
		} else if p := byID[c.ParentID]; p != nil {
			p.Children = append(p.Children, v)
		}
	}
	if preview != nil {
		v := s.commentView(*preview)
		v.Pending = true
		placed := false
		switch {
		case preview.ParentID != 0:
			if p := byID[preview.ParentID]; p != nil {
				p.Children = append(p.Children, v)
				placed = true
			}
		case d.NewestFirst && page == 1:
			sec.Threads = append([]*commentView{v}, sec.Threads...)
			placed = true
		case !d.NewestFirst && page == sec.Pages:
			sec.Threads = append(sec.Threads, v)
			placed = true
		}
		if !placed {
			sec.Notice, sec.NoticeID = awaitingModeration, commentAnchor(preview.ID)
		}
	}
	if sec.NoticeID != "" {
		if _, shown := byID[positiveID(sec.NoticeID[len("comment-"):])]; shown {
			sec.NoticeID = "" // the anchor is taken by a comment on the page
		}
	}

	if sec.Closed {
		if cv.posted != nil {
			sec.Unsent, sec.Message = cv.posted.form.Body, cv.posted.message
		}
		return sec, nil
	}
	f := &commentForm{
		ArticleID: a.ID,
		CancelURL: pageQuery(page) + "#respond",
		Token:     d.tokens().Issue(a.ID, now),
		Limits:    newFormLimits(commentLimits),
	}
	if parent != nil {
		f.ParentID, f.ReplyTo = parent.ID, displayName(parent.Name)
	}
	if cv.posted != nil {
		f.Values, f.Errors, f.Message = cv.posted.form, cv.posted.errors, cv.posted.message
		f.Values.ParentID = f.ParentID
		for _, field := range summaryOrder {
			if msg := f.Errors[field]; msg != "" {
				f.Summary = append(f.Summary, fieldMessage{field, msg})
			}
		}
	}
	// The token differs on every view; the page's ETag leaves it out.
	markVolatile(ctx, f.Token)
	sec.Form = f
	if f.blank() {
		sec.FormHTML = s.blankForm.render(f)
	}
	return sec, nil
}

// commentView turns a stored comment into what the page shows: the body
// through comments.RenderBody, the avatar from the name, and never the
// email address.
func (s *server) commentView(c model.Comment) *commentView {
	return &commentView{
		ID:      c.ID,
		Depth:   c.Depth,
		Avatar:  comments.Avatar(c.Name),
		Name:    displayName(c.Name),
		Website: webAddress(c.Website),
		Date:    s.stamp(c.Created),
		Body:    comments.RenderBody(c.Body),
	}
}

// displayName is a commenter's name as shown; a comment stored without
// one (imported, or edited empty) is signed Anonymous.
func displayName(name string) string {
	if !hasText(name) {
		return "Anonymous"
	}
	return name
}

// hasText reports whether s holds more than white space.
func hasText(s string) bool {
	for _, r := range s {
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' {
			return true
		}
	}
	return false
}

// webAddress returns a commenter's website when it is an absolute http
// or https address, which is all the form takes; anything else stored
// (by an import or an edit) is not linked.
func webAddress(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return raw
}

// commentAnchor is the fragment of a comment's permalink.
func commentAnchor(id int64) string {
	return "comment-" + strconv.FormatInt(id, 10)
}
