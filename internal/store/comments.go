package store

import (
	"context"
	"errors"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// ErrBadParent is returned for a reply whose parent comment belongs to
// another article.
var ErrBadParent = errors.New("store: the parent comment belongs to another article")

// CommentStore keeps readers' comments and what moderation needs to
// judge new ones.
type CommentStore interface {
	// AddComment stores a comment and returns it with ID, RootID, Depth
	// (the parent's plus one) and Created (when zero) set. It fails with
	// ErrNotFound when the article or the parent comment does not exist,
	// ErrBadParent when the parent belongs to another article, and
	// ErrDuplicate when a comment with the same non-empty Nonce is stored
	// already (a form submitted twice stores one comment). An approved
	// comment counts at once in its article's Comments.
	AddComment(ctx context.Context, c model.Comment) (model.Comment, error)
	// GetComment returns one comment, its ArticleTitle filled.
	GetComment(ctx context.Context, id int64) (model.Comment, error)
	// ListComments returns a page of comments for moderation, newest
	// first, with their ArticleTitle, and the cursor of the next page.
	ListComments(ctx context.Context, f CommentFilter) ([]model.Comment, string, error)
	// CountComments counts comments per status (every status present,
	// zero or not), for the moderation queue's tabs.
	CountComments(ctx context.Context, articleID int64) (map[model.CommentStatus]int, error)
	// Thread returns one page of an article's approved discussion: the
	// approved top-level comments of the page (perPage of them, oldest
	// first, or newest first when newest), each followed by its approved
	// replies at any depth in thread order (a reply after its parent,
	// siblings oldest first). A reply whose parent is not approved is
	// left out with its own replies. topLevel is the number of approved
	// top-level comments of the article.
	Thread(ctx context.Context, articleID int64, page, perPage int, newest bool) (comments []model.Comment, topLevel int, err error)
	// CommentPage returns the page (1-based) of perPage top-level threads
	// on which the approved comment id appears in Thread, for permalinks.
	CommentPage(ctx context.Context, id int64, perPage int, newest bool) (int, error)
	// SetCommentStatus moves a comment to a status, keeping its article's
	// Comments count right.
	SetCommentStatus(ctx context.Context, id int64, status model.CommentStatus) error
	// EditComment replaces a comment's name, website and body (a
	// moderator's edit).
	EditComment(ctx context.Context, id int64, name, website, body string) error
	// SetCommentsClosed opens or closes an article's comments.
	SetCommentsClosed(ctx context.Context, articleID int64, closed bool) error
	// CommentActivity answers the questions the spam rules ask.
	CommentActivity(ctx context.Context, q ActivityQuery) (Activity, error)
}

// CommentFilter selects comments for moderation; zero values mean any.
type CommentFilter struct {
	Status    model.CommentStatus
	ArticleID int64
	Limit     int    // 1..100; 0 means 20
	Cursor    string // from a previous page
}

// ActivityQuery names a client and a new comment for CommentActivity.
type ActivityQuery struct {
	ClientIP  string
	Email     string // compared case-insensitively
	ArticleID int64
	Body      string
	Since     time.Time // the start of the rate-limit window
}

// Activity is what is stored about a client, for the spam rules.
type Activity struct {
	ByIP    int       // comments from ClientIP created since Since, any status
	ByEmail int       // comments from Email created since Since, any status
	LastAt  time.Time // the newest comment from ClientIP (zero if none): the flood interval
	// Duplicate is set when the same Email or ClientIP already posted
	// exactly this Body on this article (any status but trash).
	Duplicate bool
	// Approved counts Email's approved comments on any article: none
	// means this is the address's first comment.
	Approved int
}

// UserStore keeps the newsroom's accounts and their sessions.
type UserStore interface {
	// AddUser stores a user (Email compared case-insensitively; stored as
	// given) and returns it with ID and Created set; ErrDuplicate when the
	// email is taken.
	AddUser(ctx context.Context, u model.User) (model.User, error)
	GetUser(ctx context.Context, id int64) (model.User, error)
	GetUserByEmail(ctx context.Context, email string) (model.User, error)
	// ListUsers returns every user, ordered by ID.
	ListUsers(ctx context.Context) ([]model.User, error)
	// UsersWithRoles returns the users holding any of roles, ordered by ID
	// (whom to notify).
	UsersWithRoles(ctx context.Context, roles ...model.Role) ([]model.User, error)
	// SetPassword replaces a user's password hash and ends their sessions.
	SetPassword(ctx context.Context, id int64, hash string) error
	// CreateSession stores a session.
	CreateSession(ctx context.Context, s model.Session) error
	// GetSession returns a live session (Expires after now) and its user;
	// ErrNotFound when there is none.
	GetSession(ctx context.Context, tokenHash string, now time.Time) (model.Session, model.User, error)
	// DeleteSession ends a session (signing out); ending one that does not
	// exist is not an error.
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteExpiredSessions removes the sessions expired at now.
	DeleteExpiredSessions(ctx context.Context, now time.Time) error
	// TouchSession records activity on a live session at at, and makes
	// it its user's LastSeen; a session that does not exist is no error.
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	// ListSessions returns a user's sessions not expired at now, the most
	// recently used first.
	ListSessions(ctx context.Context, userID int64, now time.Time) ([]model.Session, error)
	// DeleteOtherSessions ends every session of a user except the one
	// with keepTokenHash ("" ends them all) and returns how many ended.
	DeleteOtherSessions(ctx context.Context, userID int64, keepTokenHash string) (int, error)
}

// SettingStore keeps the site's settings an admin edits, as strings by
// key. A key never set reads as absent.
type SettingStore interface {
	Settings(ctx context.Context) (map[string]string, error)
	// SetSettings writes several keys in one transaction.
	SetSettings(ctx context.Context, kv map[string]string) error
	// InitSetting stores value under key unless the key is set already,
	// and returns the value stored: processes racing to make the same
	// setting (a secret, say) all get the one that won.
	InitSetting(ctx context.Context, key, value string) (string, error)
}
