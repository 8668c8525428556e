package web

import (
	"bytes"
	"testing"
)

// The blank form rendered once and filled in must be exactly what the
// template renders for the same values.
func TestBlankForm_SameAsTheTemplate(t *testing.T) {
	assets, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	pages, err := loadPages(assets)
	if err != nil {
		t.Fatal(err)
	}
	blank, err := newBlankForm(pages)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []*commentForm{
		{ArticleID: 1, CancelURL: "/2024/06/21/storm/#respond", Token: "AQIDBAUGBwgJ-_abc"},
		{ArticleID: 9223372036854775807, CancelURL: "/2024/06/21/a&b%20%22c%22;x=[1]@$!*,:/?cpage=3#respond", Token: "-_-"},
		{ArticleID: 42, CancelURL: "", Token: ""},
	} {
		f.Limits = newFormLimits(commentLimits)
		if !f.blank() {
			t.Fatalf("%+v is not blank", f)
		}
		var want bytes.Buffer
		if err := pages.byName["article"].ExecuteTemplate(&want, "comment-form", f); err != nil {
			t.Fatal(err)
		}
		if got := string(blank.render(f)); got != want.String() {
			t.Errorf("blank form for %+v differs from the template:\n got %s\nwant %s", f, got, want.String())
		}
	}
	for _, f := range []*commentForm{{ParentID: 3}, {ReplyTo: "Ann"}, {Message: "x"}, {Errors: map[string]string{"comment": "x"}},
		{Token: `<"&'>`}, {CancelURL: "/a'b/"}, {CancelURL: "/a(b)/"}, {CancelURL: "/a b/"}, {CancelURL: "/a+b/"}} {
		if f.blank() {
			t.Errorf("%+v counts as blank", f)
		}
	}
}
