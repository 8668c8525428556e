package model

import "time"

// Story is one event as the site covers it: the articles of every source
// that reported it, grouped by clustering.
type Story struct {
	ID int64 `json:"id"`
	// Title is the representative headline: the title of the lead
	// article, the one clustering finds most central to the story.
	Title         string `json:"title"`
	LeadArticleID int64  `json:"lead_article_id"`
	Excerpt       string `json:"excerpt"`
	ImageURL      string `json:"image"`
	ImageCredit   string `json:"image_credit"`
	// Articles counts the story's articles; Sources the outlets among
	// them; Independent the outlets that wrote their own report rather
	// than republishing another's text (see Article.DupOf).
	Articles    int `json:"articles"`
	Sources     int `json:"sources"`
	Independent int `json:"independent_sources"`
	// First names who reported first, and when.
	FirstArticleID int64     `json:"first_article_id"`
	FirstSource    string    `json:"first_source"`
	FirstPublished time.Time `json:"first_reported_at"`
	LastPublished  time.Time `json:"updated_at"`
	Category       string    `json:"category"`
	CategorySlug   string    `json:"category_slug"`
	// MergedInto is set when the story was folded into another one
	// because later articles showed they were the same event.
	MergedInto int64 `json:"merged_into,omitempty"`
	// Hidden stories are left out of every public page and API answer.
	Hidden bool `json:"-"`
	// PinnedAt orders the stories editors pinned to the top of the front
	// page, earliest first; zero when the story is not pinned.
	PinnedAt time.Time `json:"pinned_at,omitzero"`
}

// StorySource is one outlet's share of a story.
type StorySource struct {
	SourceID int64  `json:"source_id"`
	Name     string `json:"name"`
	Articles int    `json:"articles"`
	// First is when the outlet first reported the story.
	First time.Time `json:"first_reported_at"`
}

// EntityKind tells people, organizations and places apart.
type EntityKind string

const (
	EntityPerson EntityKind = "person"
	EntityOrg    EntityKind = "organization"
	EntityPlace  EntityKind = "place"
	EntityOther  EntityKind = "other"
)

// Entity is a person, organization or place the articles mention.
type Entity struct {
	ID       int64      `json:"id"`
	Name     string     `json:"name"`
	Slug     string     `json:"slug"`
	Kind     EntityKind `json:"kind"`
	Articles int        `json:"articles"` // articles that mention it
}
