package postgres

import (
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// originalCols are the columns a newsroom original carries besides an
// aggregated article's, read where a single article is shown.
const originalCols = `, a.credit_url, a.image_caption, a.tags, COALESCE(a.based_on, 0), COALESCE(a.author_id, 0), a.updated_at`

// originalFields receives originalCols.
type originalFields struct {
	creditURL, caption, tags string
	basedOn, author          int64
	updated                  *time.Time
}

func (o *originalFields) dest() []any {
	return []any{&o.creditURL, &o.caption, &o.tags, &o.basedOn, &o.author, &o.updated}
}

func (o *originalFields) apply(a *model.Article) {
	a.CreditURL, a.ImageCaption, a.Tags = o.creditURL, o.caption, store.SplitDeskTags(o.tags)
	a.BasedOn, a.AuthorID, a.UpdatedAt = o.basedOn, o.author, fromTS(o.updated)
}
