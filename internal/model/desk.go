package model

import (
	"fmt"
	"time"
)

// DeskStatus is where an article written in the newsroom stands.
type DeskStatus string

const (
	DeskDraft       DeskStatus = "draft"       // being written; readers do not see it
	DeskScheduled   DeskStatus = "scheduled"   // publishes itself at PublishAt
	DeskPublished   DeskStatus = "published"   // on the site
	DeskUnpublished DeskStatus = "unpublished" // taken down; its page and comments are kept
)

// DeskStatuses lists every status in the order the desk shows them.
var DeskStatuses = []DeskStatus{DeskDraft, DeskScheduled, DeskPublished, DeskUnpublished}

// ParseDeskStatus reads a status by name.
func ParseDeskStatus(s string) (DeskStatus, error) {
	for _, st := range DeskStatuses {
		if string(st) == s {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown article status %q (want draft, scheduled, published or unpublished)", s)
}

// DeskFields are the fields of a newsroom article its writers edit: what
// a revision keeps and a restore brings back.
type DeskFields struct {
	Title    string   `json:"title"`
	Slug     string   `json:"slug"`
	Excerpt  string   `json:"excerpt"`
	Body     string   `json:"body"` // Markdown
	Category string   `json:"category"`
	Tags     []string `json:"tags"`
	Byline   string   `json:"byline"`
	// ImageID is the uploaded lead photo (0 for none); ImageURL is the
	// public address of the variant pages show.
	ImageID      int64  `json:"image_id"`
	ImageURL     string `json:"image_url"`
	ImageCaption string `json:"image_caption"`
	ImageCredit  string `json:"image_credit"`
	// Credit names the outlet or agency the article credits ("Credit:
	// <agency>"), CreditURL the page it links to.
	Credit    string `json:"credit"`
	CreditURL string `json:"credit_url"`
	// BasedOn is the aggregated article this one was written from; 0 for
	// none.
	BasedOn int64 `json:"based_on"`
}

// DeskArticle is an article written in the newsroom's desk. Its public
// page is an Article of kind original (ArticleID), made when it is first
// published and kept, hidden, while it is unpublished.
type DeskArticle struct {
	DeskFields
	ID       int64      `json:"id"`
	AuthorID int64      `json:"author_id"` // 0 once the account is deleted
	Author   string     `json:"author"`    // the author's name or email, filled by reads
	Status   DeskStatus `json:"status"`
	// BodyHTML and BodyText are the body rendered when it was saved:
	// sanitized HTML for the page, plain text for search and excerpts.
	BodyHTML string `json:"-"`
	BodyText string `json:"-"`
	Language string `json:"language"`
	// PublishAt is the time a scheduled article publishes itself, and
	// the publication time of a published one.
	PublishAt time.Time `json:"publish_at,omitzero"`
	ArticleID int64     `json:"article_id,omitempty"` // the public article, once published
	Created   time.Time `json:"created_at"`
	Updated   time.Time `json:"updated_at"`
	// UpdatedBy is the account that made the last change (0: the
	// scheduler or a deleted account), UpdatedByName its name as reads
	// fill it ("" for the scheduler).
	UpdatedBy     int64  `json:"updated_by,omitempty"`
	UpdatedByName string `json:"updated_by_name,omitempty"`
	// Version counts the changes; a save names the version it was made
	// from, and one made from an older version is refused.
	Version int `json:"version"`
}

// DeskRevision is one saved state of a desk article, kept forever.
type DeskRevision struct {
	ID            int64      `json:"id"`
	DeskArticleID int64      `json:"desk_article_id"`
	UserID        int64      `json:"user_id,omitempty"` // 0: the scheduler or a deleted account
	User          string     `json:"user"`              // name or email, filled by reads
	Created       time.Time  `json:"created_at"`
	Note          string     `json:"note"` // "saved", "published", "restored revision 4"...
	Status        DeskStatus `json:"status"`
	PublishAt     time.Time  `json:"publish_at,omitzero"`
	Fields        DeskFields `json:"fields"`
}
