package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/sanitize"
)

// DeskStore keeps the articles the newsroom writes, their revisions, and
// the public articles they publish as.
//
// Every change goes through SaveDeskArticle, which makes the public side
// follow the status in the same transaction: published makes or updates
// the public row (kind original, indexed for search and pending for
// clustering like any new article) and shows it; any other status hides
// a public row made earlier, keeping its address and comments.
type DeskStore interface {
	// CreateDeskArticle stores a new desk article by the rules of
	// SaveDeskArticle (d.Version is ignored) with a first revision.
	CreateDeskArticle(ctx context.Context, d model.DeskArticle, c DeskChange) (model.DeskArticle, error)
	// SaveDeskArticle writes d's fields, status and publication time
	// over the stored article d.ID, provided it is still at d.Version
	// (else ErrConflict), adds a revision noted c.Note, and makes the
	// public side follow (see DeskStore). A slug held by another desk
	// article or by any other public article fails with ErrSlugTaken.
	// It returns the article as stored, its Version one more.
	SaveDeskArticle(ctx context.Context, d model.DeskArticle, c DeskChange) (model.DeskArticle, error)
	GetDeskArticle(ctx context.Context, id int64) (model.DeskArticle, error)
	// ListDeskArticles returns a page of desk articles, the last changed
	// first, without their bodies, and the cursor of the next page.
	ListDeskArticles(ctx context.Context, f DeskFilter) ([]model.DeskArticle, string, error)
	// CountDeskArticles counts desk articles by status, of one author
	// when authorID is not 0.
	CountDeskArticles(ctx context.Context, authorID int64) (map[model.DeskStatus]int, error)
	// DeleteDeskArticle deletes a draft that was never published, with
	// its revisions; any other article fails with ErrNotDraft.
	DeleteDeskArticle(ctx context.Context, id int64) error
	// ListDeskRevisions returns an article's revisions, newest first.
	ListDeskRevisions(ctx context.Context, deskID int64) ([]model.DeskRevision, error)
	GetDeskRevision(ctx context.Context, deskID, revisionID int64) (model.DeskRevision, error)
	// NextScheduled returns the earliest publication time of a
	// scheduled article; ok is false when none is scheduled.
	NextScheduled(ctx context.Context) (at time.Time, ok bool, err error)
	// PublishDue publishes up to limit scheduled articles due at now,
	// each in its own transaction that claims it with a conditional
	// update: when several processes run it at once, each article is
	// published by exactly one of them. A slug taken meanwhile by
	// another article gets a numeric suffix. It returns the articles it
	// published.
	PublishDue(ctx context.Context, now time.Time, limit int) ([]model.DeskArticle, error)
}

// Errors of the desk, matched with errors.Is.
var (
	// ErrConflict: the desk article changed since the version a save
	// was made from.
	ErrConflict = errors.New("store: changed since it was read")
	// ErrSlugTaken: another article has the slug.
	ErrSlugTaken = errors.New("store: slug taken")
	// ErrNotDraft: only a draft never published may be deleted.
	ErrNotDraft = errors.New("store: not an unpublished draft")
)

// DeskChange says who makes a change to a desk article, when, and the
// note its revision keeps ("saved", "published", "restored revision 4").
type DeskChange struct {
	UserID int64 // 0 for the scheduler
	Note   string
	At     time.Time // zero means now
}

// Time is the change's time as both backends store it: At, or now when
// At is zero, in UTC to the microsecond.
func (c DeskChange) Time() time.Time {
	at := c.At
	if at.IsZero() {
		at = time.Now()
	}
	return at.UTC().Truncate(time.Microsecond)
}

// DeskFilter narrows ListDeskArticles. Zero fields do not filter.
type DeskFilter struct {
	Status   model.DeskStatus
	AuthorID int64
	Limit    int // 1..100; 0 means 20
	Cursor   string
}

// Limits on a desk article's fields, checked by PrepareDesk.
const (
	MaxDeskTitle = 300
	MaxDeskShort = 1000 // excerpt, caption, credits, byline, category
	MaxDeskURL   = 2000
	MaxDeskBody  = 2 << 20 // the Markdown and each rendering of it
)

// PrepareDesk checks d for storing and returns it cleaned: text valid
// for either backend, lengths within bounds, a known status, a
// publication time for a scheduled article, times in whole microseconds
// UTC as they read back.
func PrepareDesk(d model.DeskArticle) (model.DeskArticle, error) {
	for _, f := range []*string{&d.Title, &d.Slug, &d.Excerpt, &d.Body, &d.BodyHTML, &d.BodyText,
		&d.Category, &d.Byline, &d.ImageURL, &d.ImageCaption, &d.ImageCredit, &d.Credit,
		&d.CreditURL, &d.Language} {
		*f = Clean(*f)
	}
	for i, t := range d.Tags {
		d.Tags[i] = strings.ReplaceAll(Clean(t), ",", " ")
	}
	if _, err := model.ParseDeskStatus(string(d.Status)); err != nil {
		return d, err
	}
	switch {
	case strings.TrimSpace(d.Title) == "":
		return d, errors.New("desk article without a title")
	case d.Slug == "":
		return d, errors.New("desk article without a slug")
	case len(d.Title) > MaxDeskTitle*4 || len(d.Body) > MaxDeskBody || len(d.BodyHTML) > MaxDeskBody || len(d.BodyText) > MaxDeskBody:
		return d, errors.New("desk article too long")
	case d.Status == model.DeskScheduled && d.PublishAt.IsZero():
		return d, errors.New("scheduled desk article without a publication time")
	}
	for _, f := range []string{d.Excerpt, d.Category, d.Byline, d.ImageCaption, d.ImageCredit, d.Credit} {
		if len(f) > MaxDeskShort*4 {
			return d, fmt.Errorf("desk article field too long (%d bytes)", len(f))
		}
	}
	if len(d.CreditURL) > MaxDeskURL || len(d.ImageURL) > MaxDeskURL {
		return d, errors.New("desk article address too long")
	}
	d.PublishAt = d.PublishAt.UTC().Truncate(time.Microsecond)
	return d, nil
}

// JoinDeskTags and SplitDeskTags encode tags in one column.
func JoinDeskTags(tags []string) string { return strings.Join(tags, ",") }

// SplitDeskTags reads tags stored by JoinDeskTags.
func SplitDeskTags(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// DeskPublicArticle is the public article a published desk article
// shows as: kind original, no source, its own slug.
func DeskPublicArticle(d model.DeskArticle) model.Article {
	return CleanArticle(model.Article{
		Slug: d.Slug, Title: d.Title, Excerpt: deskExcerpt(d), ContentHTML: d.BodyHTML, ContentText: d.BodyText,
		Byline: d.Byline, PublishedAt: d.PublishAt, FetchedAt: d.PublishAt, ImageURL: d.ImageURL,
		ImageCredit: d.ImageCredit, Credit: d.Credit, Category: d.Category, Language: d.Language,
		Kind: model.KindOriginal, CreditURL: d.CreditURL, ImageCaption: d.ImageCaption, Tags: d.Tags,
		BasedOn: d.BasedOn, AuthorID: d.AuthorID,
	})
}

// deskExcerptRunes is the length of the excerpt a public original gets
// from its text when its writer gave none.
const deskExcerptRunes = 280

// deskExcerpt is the writer's excerpt, or the first sentences of the
// text: listings show one either way, and a made-up one follows the
// text as it is edited.
func deskExcerpt(d model.DeskArticle) string {
	if e := strings.Join(strings.Fields(d.Excerpt), " "); e != "" {
		return e
	}
	return sanitize.Excerpt(d.BodyText, deskExcerptRunes)
}

// NextDeskPage trims a listing read with one row beyond limit and
// returns the cursor of the next page.
func NextDeskPage(items []model.DeskArticle, limit int) ([]model.DeskArticle, string) {
	return nextPage(items, limit, func(d model.DeskArticle) Cursor { return Cursor{PublishedAt: d.Updated, ID: d.ID} })
}
