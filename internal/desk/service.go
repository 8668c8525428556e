package desk

import (
	"context"
	"errors"
	"fmt"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// ArticleStore is what the Service needs of the store.
type ArticleStore interface {
	CreateDeskArticle(ctx context.Context, d model.DeskArticle, c store.DeskChange) (model.DeskArticle, error)
	SaveDeskArticle(ctx context.Context, d model.DeskArticle, c store.DeskChange) (model.DeskArticle, error)
	GetDeskArticle(ctx context.Context, id int64) (model.DeskArticle, error)
}

// Service saves newsroom articles by the desk's rules. The admin area's
// form and the JSON API both save through it.
type Service struct {
	st ArticleStore
}

// NewService returns a Service over st.
func NewService(st ArticleStore) *Service { return &Service{st: st} }

// MaxSlugVariant bounds the numbered variants tried for a slug made
// from a headline ("…-2" to "…-20").
const MaxSlugVariant = 20

// ErrNotYours refuses an author's change to another author's article.
var ErrNotYours = errors.New("desk: this article is another author's; authors edit their own articles, editors and admins edit all of them")

// ErrCannotWrite refuses a role that writes no articles (moderators).
var ErrCannotWrite = errors.New("desk: this account's role writes no articles")

// MayWrite reports whether u may write articles at all.
func MayWrite(u model.User) error {
	if !u.Role.CanWrite() {
		return ErrCannotWrite
	}
	return nil
}

// MayEdit reports whether u may change d: editors and admins every
// article, authors their own.
func MayEdit(u model.User, d model.DeskArticle) error {
	if err := MayWrite(u); err != nil {
		return err
	}
	if !u.Role.CanEdit() && d.AuthorID != u.ID {
		return ErrNotYours
	}
	return nil
}

// Save stores d: a new article when isNew, else over the stored one
// provided it is still at d.Version (store.ErrConflict when not). When
// the slug was made from the headline (slugTyped false) and another
// article has it already, such as the aggregated report this one is
// rewritten from, the first free numbered variant is taken; a slug the
// writer typed is theirs to change (store.ErrSlugTaken).
func (s *Service) Save(ctx context.Context, d model.DeskArticle, isNew, slugTyped bool, change store.DeskChange) (model.DeskArticle, error) {
	save := func() (model.DeskArticle, error) {
		if isNew {
			return s.st.CreateDeskArticle(ctx, d, change)
		}
		return s.st.SaveDeskArticle(ctx, d, change)
	}
	saved, err := save()
	for n, base := 2, d.Slug; !slugTyped && errors.Is(err, store.ErrSlugTaken) && n <= MaxSlugVariant; n++ {
		d.Slug = fmt.Sprintf("%s-%d", base, n)
		saved, err = save()
	}
	if err != nil {
		return model.DeskArticle{}, err
	}
	return saved, nil
}
