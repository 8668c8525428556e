package comments

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
)

func TestCombine(t *testing.T) {
	approved := Verdict{Status: model.CommentApproved}
	pending := Verdict{Status: model.CommentPending, Reason: "2 links"}
	spam := Verdict{Status: model.CommentSpam, Reason: `disallowed "x" in the comment`}
	says := func(v Verdict, err error) Checker {
		return CheckerFunc(func(context.Context, model.Comment) (Verdict, error) { return v, err })
	}
	cases := []struct {
		name    string
		v       Verdict
		checker Checker
		want    Verdict
	}{
		{"no checker", approved, nil, approved},
		{"checker agrees", approved, says(Verdict{Status: model.CommentApproved}, nil), approved},
		{"checker holds", approved, says(Verdict{Status: model.CommentPending, Reason: "unsure"}, nil), Verdict{model.CommentPending, "checker: unsure"}},
		{"checker says spam", approved, says(Verdict{Status: model.CommentSpam, Reason: "known spammer"}, nil), Verdict{model.CommentSpam, "checker: known spammer"}},
		{"checker says spam of held", pending, says(Verdict{Status: model.CommentSpam}, nil), Verdict{model.CommentSpam, "checker"}},
		{"checker cannot approve held", pending, says(Verdict{Status: model.CommentApproved, Reason: "fine"}, nil), pending},
		{"checker cannot approve spam", spam, says(Verdict{Status: model.CommentApproved}, nil), spam},
		{"both hold: reasons joined", pending, says(Verdict{Status: model.CommentPending, Reason: "new network"}, nil), Verdict{model.CommentPending, "2 links; checker: new network"}},
		{"checker error holds", approved, says(Verdict{Status: model.CommentApproved}, errors.New("service down")), Verdict{model.CommentPending, "checker failed: service down"}},
		{"checker error keeps spam", spam, says(Verdict{}, errors.New("service down")), spam},
		{"checker error on held", pending, says(Verdict{}, errors.New("service down")), Verdict{model.CommentPending, "2 links; checker failed: service down"}},
		{"unknown status holds", approved, says(Verdict{Status: "delete"}, nil), Verdict{model.CommentPending, `checker failed: checker gave an unknown status "delete"`}},
		{"empty status holds", approved, says(Verdict{}, nil), Verdict{model.CommentPending, `checker failed: checker gave an unknown status ""`}},
		{"checker panics", approved, CheckerFunc(func(context.Context, model.Comment) (Verdict, error) { panic("boom") }), Verdict{model.CommentPending, "checker failed: checker panicked: boom"}},
		{"checker trashes", approved, says(Verdict{Status: model.CommentTrash, Reason: "abuse"}, nil), Verdict{model.CommentTrash, "checker: abuse"}},
	}
	c := model.Comment{Body: "hello"}
	for _, tc := range cases {
		if got := Combine(context.Background(), tc.v, tc.checker, c); got != tc.want {
			t.Errorf("%s: Combine = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestCombinePassesTheComment(t *testing.T) {
	type key struct{}
	ctx := context.WithValue(context.Background(), key{}, "v")
	var seen model.Comment
	var seenCtx bool
	checker := CheckerFunc(func(ctx context.Context, c model.Comment) (Verdict, error) {
		seen, seenCtx = c, ctx.Value(key{}) == "v"
		return Verdict{Status: model.CommentApproved}, nil
	})
	c := model.Comment{ArticleID: 3, Body: "text", Email: "a@example.org"}
	Combine(ctx, Verdict{Status: model.CommentApproved}, checker, c)
	if seen != c || !seenCtx {
		t.Errorf("checker saw %+v (context passed: %v)", seen, seenCtx)
	}
	// A cancelled context is the checker's to honour; its error holds the
	// comment.
	cctx, cancel := context.WithCancel(context.Background())
	cancel()
	got := Combine(cctx, Verdict{Status: model.CommentApproved}, CheckerFunc(func(ctx context.Context, _ model.Comment) (Verdict, error) {
		return Verdict{}, ctx.Err()
	}), c)
	if got.Status != model.CommentPending || !strings.Contains(got.Reason, "canceled") {
		t.Errorf("cancelled: %+v", got)
	}
}

func TestCombineSkipsStaff(t *testing.T) {
	called := false
	checker := CheckerFunc(func(context.Context, model.Comment) (Verdict, error) {
		called = true
		return Verdict{Status: model.CommentSpam}, nil
	})
	v := Verdict{Status: model.CommentApproved, Reason: "written by staff"}
	if got := Combine(context.Background(), v, checker, model.Comment{UserID: 4}); got != v || called {
		t.Errorf("staff: %+v, checker called %v", got, called)
	}
}
