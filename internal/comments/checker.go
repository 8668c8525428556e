package comments

import (
	"context"
	"fmt"

	"github.com/newsdesk/newsdesk/internal/model"
)

// Checker is a second opinion on a comment the rules would store, such as
// an Akismet-style service. Check returns its verdict (approved, pending
// or spam, with a reason); an error means it could not decide.
type Checker interface {
	Check(ctx context.Context, c model.Comment) (Verdict, error)
}

// CheckerFunc makes a function a Checker.
type CheckerFunc func(ctx context.Context, c model.Comment) (Verdict, error)

// Check calls f.
func (f CheckerFunc) Check(ctx context.Context, c model.Comment) (Verdict, error) {
	return f(ctx, c)
}

// strictness orders statuses from the most lenient; an unknown status
// counts as pending.
func strictness(s model.CommentStatus) int {
	switch s {
	case model.CommentApproved:
		return 0
	case model.CommentSpam:
		return 2
	case model.CommentTrash:
		return 3
	}
	return 1
}

// Combine asks checker about c, which the Policy judged v, and returns the
// stricter of the two verdicts (approved < pending < spam < trash): a
// checker can hold or refuse what the rules approved, never approve what
// they held. When the checker fails (an error, a panic, or a status that
// is not one of model.CommentStatuses), the comment is held as pending
// (or kept at v if that is stricter) with the failure as the reason: it is
// never approved on a failure, and never dropped. The checker is not
// asked when checker is nil or c was written by staff (c.UserID != 0),
// whom the spam rules do not apply to. The caller bounds the wait with
// ctx.
func Combine(ctx context.Context, v Verdict, checker Checker, c model.Comment) Verdict {
	if checker == nil || c.UserID != 0 {
		return v
	}
	got, err := safeCheck(ctx, checker, c)
	if err == nil {
		if _, perr := model.ParseCommentStatus(string(got.Status)); perr != nil {
			err = fmt.Errorf("checker gave an unknown status %q", got.Status)
		}
	}
	if err != nil {
		got = Verdict{Status: model.CommentPending, Reason: "checker failed: " + err.Error()}
	} else if got.Reason != "" {
		got.Reason = "checker: " + got.Reason
	} else {
		got.Reason = "checker"
	}
	switch sv, sg := strictness(v.Status), strictness(got.Status); {
	case sg > sv:
		return got
	case sg == sv && sg > 0 && got.Reason != "checker":
		if v.Reason == "" {
			return got
		}
		return Verdict{Status: v.Status, Reason: v.Reason + "; " + got.Reason}
	}
	return v
}

// safeCheck calls the checker, turning a panic into an error: a plug-in's
// failure holds the comment rather than failing the request.
func safeCheck(ctx context.Context, checker Checker, c model.Comment) (v Verdict, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = Verdict{}, fmt.Errorf("checker panicked: %v", r)
		}
	}()
	return checker.Check(ctx, c)
}
