package storetest

import (
	"errors"
	"reflect"
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var categoryCases = []suiteCase{
	{"Categories_CreatedOnTheFlyWithCounts", testCategories},
	{"GetCategoryBySlug_Missing", testCategoryMissing},
}

func testCategories(t *testing.T, s store.Store) {
	ctx := t.Context()
	if list, err := s.ListCategories(ctx); err != nil || list == nil || len(list) != 0 {
		t.Fatalf("empty store ListCategories = %v, %v", list, err)
	}
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	mk := func(title, category string) model.Article {
		a := article(title, base)
		a.Category = category
		return a
	}
	mustSave(t, s, src.ID,
		mk("One", "World"), mk("Two", "world"), mk("Three", " World "),
		mk("Four", "business"), mk("Five", "Arts & Culture"), mk("Six", ""))
	got, err := s.ListCategories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if got[i].ID <= 0 {
			t.Errorf("category %q has ID %d", got[i].Name, got[i].ID)
		}
		got[i].ID = 0
	}
	// The first spelling of a category names it; later spellings with the
	// same slug file under it.
	want := []model.Category{
		{Name: "Arts & Culture", Slug: "arts-culture", Articles: 1},
		{Name: "business", Slug: "business", Articles: 1},
		{Name: "World", Slug: "world", Articles: 3},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ListCategories =\n%+v\nwant\n%+v", got, want)
	}
	world, err := s.GetCategoryBySlug(ctx, "world")
	if err != nil {
		t.Fatal(err)
	}
	if world.Name != "World" || world.Articles != 3 || world.ID <= 0 {
		t.Errorf("GetCategoryBySlug(world) = %+v", world)
	}
	items, _, err := s.ListArticles(ctx, store.ArticleFilter{CategorySlug: "arts-culture"})
	if err != nil || len(items) != 1 || items[0].Category != "Arts & Culture" || items[0].CategorySlug != "arts-culture" {
		t.Errorf("arts listing = %+v, %v", items, err)
	}
}

func testCategoryMissing(t *testing.T, s store.Store) {
	if _, err := s.GetCategoryBySlug(t.Context(), "nowhere"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetCategoryBySlug(missing) = %v, want ErrNotFound", err)
	}
}
