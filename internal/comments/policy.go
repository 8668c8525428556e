package comments

import (
	"fmt"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// Policy is a site's moderation rules. DefaultPolicy gives the defaults;
// in a Policy, a zero (or negative) number or duration turns its rule off.
type Policy struct {
	// ModerationWords hold a comment for a moderator when one of them
	// occurs in it; DisallowedWords send it to spam. Entries are words or
	// phrases matched as whole words, ignoring case and diacritics ("Cafe"
	// matches "café" but "ass" does not match "class"), in the name, the
	// email address, the website, the comment and the browser's user
	// agent; an entry that is an IP address (or a CIDR range such as
	// 203.0.113.0/24) matches the client's address instead. An entry of
	// punctuation alone matches nothing. ParseWordList reads them from a
	// text box.
	ModerationWords, DisallowedWords []string
	// HoldLinks holds a comment with this many links or more (see
	// CountLinks; a website given with the comment counts as one).
	// Default 2.
	HoldLinks int
	// HoldFirst holds the first comment of an email address, until a
	// moderator has approved one. Default true.
	HoldFirst bool
	// Flood is the least time between two comments from one client
	// address. Default 15 s.
	Flood time.Duration
	// PerIP and PerEmail are the most comments one client address and one
	// email address may post per RateWindow. Defaults: 30 per IP address
	// (many readers can share one behind a carrier's or an office's NAT)
	// and 10 per email address, per hour (a reader in a lively debate
	// rarely posts more than one every six minutes for an hour).
	PerIP, PerEmail int
	RateWindow      time.Duration
	// MaxDepth is the number of levels of a thread: top-level comments are
	// at depth 0 and a reply one deeper than its parent, so MaxDepth 5
	// allows depths 0 to 4 (five levels) and 1 allows no replies.
	// Default 5.
	MaxDepth int
	// CloseAfter closes an article's comments this long after it was
	// published. Default 0: never (an article is closed by hand with
	// model.Article.CommentsClosed).
	CloseAfter time.Duration
}

// DefaultPolicy returns the rules used where none are configured.
func DefaultPolicy() Policy {
	return Policy{
		HoldLinks:  2,
		HoldFirst:  true,
		Flood:      15 * time.Second,
		PerIP:      30,
		PerEmail:   10,
		RateWindow: time.Hour,
		MaxDepth:   5,
	}
}

// Verdict is what the rules decided for a comment that may be stored:
// its status (approved, pending or spam) and, unless approved, why, for
// moderators (model.Comment.Reason).
type Verdict struct {
	Status model.CommentStatus
	Reason string
}

// RejectionKind says why a comment was refused.
type RejectionKind string

// The kinds of Rejection.
const (
	// Closed: the article takes no more comments.
	Closed RejectionKind = "closed"
	// TooDeep: a reply deeper than Policy.MaxDepth allows.
	TooDeep RejectionKind = "too_deep"
	// BadParent: a reply to a comment that is missing, on another
	// article, or not public.
	BadParent RejectionKind = "bad_parent"
	// Flood: the client posted another comment less than Policy.Flood
	// ago.
	Flood RejectionKind = "flood"
	// Duplicate: the same text from the same address or client on the
	// same article.
	Duplicate RejectionKind = "duplicate"
	// RateLimited: too many comments from the client or the address in
	// Policy.RateWindow.
	RateLimited RejectionKind = "rate_limited"
)

// Rejection is a comment refused by the rules: it is not stored, and the
// form comes back with Message next to it and what the reader typed.
type Rejection struct {
	Kind RejectionKind
	// Message is for the reader; it names no address.
	Message string
	// RetryAfter is how long to wait before posting again, when known
	// (Flood); 0 otherwise.
	RetryAfter time.Duration
}

// Error returns the message for the reader.
func (r *Rejection) Error() string { return r.Message }

// ActivityQuery returns the question to ask the store
// (store.CommentStore.CommentActivity) about the client and address of a
// new comment, for Decide at now.
func (p Policy) ActivityQuery(c model.Comment, now time.Time) store.ActivityQuery {
	since := now
	if p.RateWindow > 0 {
		since = now.Add(-p.RateWindow)
	}
	return store.ActivityQuery{
		ClientIP:  c.ClientIP,
		Email:     c.Email,
		ArticleID: c.ArticleID,
		Body:      c.Body,
		Since:     since,
	}
}

// Decide applies the rules to a new comment c on article, replying to
// parent (nil for a top-level comment; the caller loads it by c.ParentID),
// given what the store knows about its client (a, from ActivityQuery) at
// now. It returns either a *Rejection (the comment must not be stored) or
// the Verdict to store it with.
//
// The rules, in order:
//
//  1. Closed: the article is closed, or was published more than CloseAfter
//     ago.
//  2. The parent: a reply needs its parent, on the same article and
//     approved (BadParent), with depth parent.Depth+1 at most MaxDepth-1
//     (TooDeep).
//  3. Staff (c.UserID != 0, writing from the admin area) are approved
//     here: the spam rules are for readers, while closing and depth keep
//     the discussion's shape for everyone. Staff may reply to a pending
//     comment (a moderator answering from the queue), not to spam or
//     trash.
//  4. Duplicate, Flood, then PerIP and PerEmail (RateLimited) refuse.
//  5. A DisallowedWords entry makes it spam.
//  6. It is pending, with every reason joined by "; ", when: a
//     ModerationWords entry occurs, it has HoldLinks links or more, or
//     (HoldFirst) its email address has no approved comment yet.
//  7. Otherwise it is approved.
func (p Policy) Decide(c model.Comment, a store.Activity, article model.Article, parent *model.Comment, now time.Time) (Verdict, error) {
	if article.CommentsClosed || (p.CloseAfter > 0 && !article.PublishedAt.IsZero() && now.Sub(article.PublishedAt) > p.CloseAfter) {
		return Verdict{}, &Rejection{Kind: Closed, Message: "Comments are closed on this article."}
	}
	staff := c.UserID != 0
	if c.ParentID != 0 || parent != nil {
		if parent == nil || parent.ID != c.ParentID || parent.ArticleID != c.ArticleID || !replyable(parent.Status, staff) {
			return Verdict{}, &Rejection{Kind: BadParent, Message: "The comment you are replying to is not available."}
		}
		if p.MaxDepth > 0 && parent.Depth+1 > p.MaxDepth-1 {
			return Verdict{}, &Rejection{Kind: TooDeep, Message: "Replies cannot go any deeper in this thread; please reply to an earlier comment instead."}
		}
	}
	if staff {
		return Verdict{Status: model.CommentApproved, Reason: "written by staff"}, nil
	}
	if a.Duplicate {
		return Verdict{}, &Rejection{Kind: Duplicate, Message: "You have already posted this comment."}
	}
	if p.Flood > 0 && !a.LastAt.IsZero() {
		if since := now.Sub(a.LastAt); since < p.Flood {
			wait := p.Flood - since
			if wait > p.Flood {
				wait = p.Flood // the last comment's time is ahead of this clock
			}
			secs := int((wait + time.Second - 1) / time.Second)
			unit := "seconds"
			if secs == 1 {
				unit = "second"
			}
			return Verdict{}, &Rejection{
				Kind:       Flood,
				Message:    fmt.Sprintf("You are posting comments too quickly; please wait %d %s and try again.", secs, unit),
				RetryAfter: wait,
			}
		}
	}
	if p.RateWindow > 0 && ((p.PerIP > 0 && a.ByIP >= p.PerIP) || (p.PerEmail > 0 && a.ByEmail >= p.PerEmail)) {
		return Verdict{}, &Rejection{Kind: RateLimited, Message: "You have posted many comments in a short time; please try again later."}
	}

	fields := commentFields(c.Name, c.Email, c.Website, c.Body, c.UserAgent)
	ip := parseClientIP(c.ClientIP)
	if entry, where, ok := match(compileList(p.DisallowedWords), fields, ip); ok {
		return Verdict{Status: model.CommentSpam, Reason: fmt.Sprintf("disallowed %q in the %s", entry, where)}, nil
	}
	var held []string
	if entry, where, ok := match(compileList(p.ModerationWords), fields, ip); ok {
		held = append(held, fmt.Sprintf("moderation word %q in the %s", entry, where))
	}
	if p.HoldLinks > 0 {
		n := CountLinks(c.Body)
		if strings.TrimSpace(c.Website) != "" {
			n++
		}
		if n >= p.HoldLinks {
			unit := "links"
			if n == 1 {
				unit = "link"
			}
			held = append(held, fmt.Sprintf("%d %s", n, unit))
		}
	}
	if p.HoldFirst && a.Approved == 0 {
		held = append(held, "first comment from this email address")
	}
	if len(held) > 0 {
		return Verdict{Status: model.CommentPending, Reason: strings.Join(held, "; ")}, nil
	}
	return Verdict{Status: model.CommentApproved}, nil
}

// replyable reports whether a comment in status may be replied to.
func replyable(status model.CommentStatus, staff bool) bool {
	return status == model.CommentApproved || (staff && status == model.CommentPending)
}
