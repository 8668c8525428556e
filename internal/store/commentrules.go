package store

import (
	"fmt"
	"slices"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// The comment helpers both backends share: what they check before
// writing, and the thread order they build in Go from the same rows.

// CheckText refuses text that PostgreSQL cannot hold, a NUL byte or
// invalid UTF-8, naming the field. Both backends refuse the same text
// rather than clean it: a comment is stored as the commenter wrote it or
// not at all. fields alternates names and values.
func CheckText(fields ...string) error {
	for i := 0; i+1 < len(fields); i += 2 {
		if !Findable(fields[i+1]) {
			return fmt.Errorf("%s holds a NUL byte or invalid UTF-8", fields[i])
		}
	}
	return nil
}

// PrepareComment checks c and returns it as AddComment stores it: the
// empty status read as pending, Created now when zero, times in whole
// microseconds UTC, as they read back.
func PrepareComment(c model.Comment, now time.Time) (model.Comment, error) {
	if c.Status == "" {
		c.Status = model.CommentPending
	}
	if _, err := model.ParseCommentStatus(string(c.Status)); err != nil {
		return model.Comment{}, err
	}
	if err := CheckText("name", c.Name, "email", c.Email, "website", c.Website, "body", c.Body,
		"client address", c.ClientIP, "user agent", c.UserAgent, "reason", c.Reason, "nonce", c.Nonce); err != nil {
		return model.Comment{}, err
	}
	if c.Created.IsZero() {
		c.Created = now
	}
	c.Created = c.Created.UTC().Truncate(time.Microsecond)
	return c, nil
}

// NextCommentPage cuts a listing fetched with one row more than limit to
// limit rows and returns the cursor of the page after it ("" when the
// extra row did not come).
func NextCommentPage(items []model.Comment, limit int) ([]model.Comment, string) {
	return nextPage(items, limit, func(c model.Comment) Cursor { return Cursor{PublishedAt: c.Created, ID: c.ID} })
}

// CheckThreadPage refuses a page number or page size below 1.
func CheckThreadPage(page, perPage int) error {
	if perPage < 1 {
		return fmt.Errorf("%d comments per page: want at least 1", perPage)
	}
	if page < 1 {
		return fmt.Errorf("comment page %d: pages start at 1", page)
	}
	return nil
}

// ThreadOrder arranges the approved comments of some threads, given
// oldest first: the top-level comments (newest first when newest), each
// followed by its replies depth first, siblings oldest first. A reply
// whose parent is not among them is left out with its own replies.
func ThreadOrder(all []model.Comment, newest bool) []model.Comment {
	var roots []model.Comment
	replies := map[int64][]model.Comment{}
	for _, c := range all {
		if c.ParentID == 0 {
			roots = append(roots, c)
		} else {
			replies[c.ParentID] = append(replies[c.ParentID], c)
		}
	}
	if newest {
		slices.Reverse(roots)
	}
	out := make([]model.Comment, 0, len(all))
	// An explicit stack: a thread may nest deeper than is wise to recurse.
	var stack []model.Comment
	for _, root := range roots {
		stack = append(stack[:0], root)
		for len(stack) > 0 {
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			out = append(out, c)
			kids := replies[c.ID]
			for i := len(kids) - 1; i >= 0; i-- {
				stack = append(stack, kids[i])
			}
		}
	}
	return out
}

// ShownInThread reports whether comment id reaches root through
// approved comments: parents maps each approved comment of the thread to
// its parent (0 for the root).
func ShownInThread(parents map[int64]int64, id, root int64) bool {
	for range len(parents) + 1 {
		parent, ok := parents[id]
		if !ok {
			return false
		}
		if id == root {
			return parent == 0
		}
		id = parent
	}
	return false
}

// CommentCountDelta is what moving a comment from one status to another does to
// its article's approved count.
func CommentCountDelta(from, to model.CommentStatus) int {
	switch {
	case from != model.CommentApproved && to == model.CommentApproved:
		return 1
	case from == model.CommentApproved && to != model.CommentApproved:
		return -1
	}
	return 0
}

// LookupValue is what a look-up compares a column with: NULL, which
// equals nothing, for an empty value (staff comments carry no address)
// or one that cannot have been stored.
func LookupValue(s string) any {
	if s == "" || !Findable(s) {
		return nil
	}
	return s
}
