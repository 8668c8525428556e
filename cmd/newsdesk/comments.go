package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

func runComments(ctx context.Context, io stdio, args []string) error {
	if len(args) == 0 {
		return usagef("missing subcommand: list, approve, spam or trash")
	}
	switch args[0] {
	case "--help", "-h":
		fmt.Fprint(io.out, "Usage: newsdesk comments list [--status pending|approved|spam|trash] [--article ID] [--limit N] [--json]\n"+
			"       newsdesk comments approve|spam|trash ID [ID...]\n\n"+
			"Moderate readers' comments from the shell, as from the queue at /admin/comments.\n"+
			"Run 'newsdesk comments SUBCOMMAND --help' for flags.\n")
		return nil
	case "list":
		return commentsList(ctx, io, args[1:])
	case "approve":
		return commentsMove(ctx, io, args[1:], "approve", model.CommentApproved)
	case "spam":
		return commentsMove(ctx, io, args[1:], "spam", model.CommentSpam)
	case "trash":
		return commentsMove(ctx, io, args[1:], "trash", model.CommentTrash)
	}
	return usagef("unknown subcommand %q: want list, approve, spam or trash", args[0])
}

// maxListed bounds `comments list --limit`.
const maxListed = 10000

func commentsList(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk comments list [--status pending|approved|spam|trash] [--article ID] [--limit N] [--json]",
		"List comments for moderation, newest first: all statuses unless --status is given.\n"+
			"The output holds commenters' email and network addresses: it is for moderators.")
	status := f.String("status", "", "only comments in this status: pending, approved, spam or trash")
	article := f.String("article", "", "only comments on the article with this ID")
	limit := f.Int("limit", 50, fmt.Sprintf("list at most this many comments (1 to %d)", maxListed))
	asJSON := f.Bool("json", false, "print a JSON array with every moderation field instead of a table")
	sf := addStoreFlags(f)
	if err := f.parse(io, args); err != nil {
		return err
	}
	if err := f.want(0, ""); err != nil {
		return err
	}
	filter := store.CommentFilter{}
	if *status != "" {
		st, err := model.ParseCommentStatus(*status)
		if err != nil {
			return usagef("--status: %v", err)
		}
		filter.Status = st
	}
	if *article != "" {
		id, err := parsePositiveID("--article", *article)
		if err != nil {
			return err
		}
		filter.ArticleID = id
	}
	if *limit < 1 || *limit > maxListed {
		return usagef("--limit must be between 1 and %d, got %d", maxListed, *limit)
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	var list []model.Comment
	for len(list) < *limit {
		filter.Limit = min(100, *limit-len(list))
		page, next, err := st.ListComments(ctx, filter)
		if err != nil {
			return err
		}
		list = append(list, page...)
		if next == "" {
			break
		}
		filter.Cursor = next
	}
	if *asJSON {
		out := make([]commentJSON, len(list))
		for i, c := range list {
			out[i] = newCommentJSON(c)
		}
		enc := json.NewEncoder(io.out)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(io.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tARTICLE\tNAME\tEMAIL\tCREATED\tBODY")
	for _, c := range list {
		fmt.Fprintf(tw, "%d\t%s\t%d %s\t%s\t%s\t%s\t%s\n", c.ID, c.Status, c.ArticleID, printable(c.ArticleTitle, 30),
			printable(c.Name, 24), printable(c.Email, 40), c.Created.Local().Format(time.DateTime), printable(c.Body, 50))
	}
	return tw.Flush()
}

// commentJSON is a comment as `comments list --json` prints it, with the
// fields moderators judge it by (model.Comment keeps those out of JSON,
// so no public encoding can carry them).
type commentJSON struct {
	ID           int64     `json:"id"`
	ArticleID    int64     `json:"article_id"`
	ArticleTitle string    `json:"article_title"`
	ParentID     int64     `json:"parent_id"`
	Depth        int       `json:"depth"`
	Status       string    `json:"status"`
	Name         string    `json:"name"`
	Email        string    `json:"email"`
	Website      string    `json:"website"`
	Body         string    `json:"body"`
	ClientIP     string    `json:"client_ip"`
	UserAgent    string    `json:"user_agent"`
	UserID       int64     `json:"user_id"` // the staff member who wrote it; 0 for readers
	Reason       string    `json:"reason"`  // why the rules held or refused it
	Created      time.Time `json:"created_at"`
}

func newCommentJSON(c model.Comment) commentJSON {
	return commentJSON{ID: c.ID, ArticleID: c.ArticleID, ArticleTitle: c.ArticleTitle, ParentID: c.ParentID, Depth: c.Depth,
		Status: string(c.Status), Name: c.Name, Email: c.Email, Website: c.Website, Body: c.Body, ClientIP: c.ClientIP,
		UserAgent: c.UserAgent, UserID: c.UserID, Reason: c.Reason, Created: c.Created}
}

// commentsMove moves comments to a status. Every ID is checked first: an
// unknown one changes nothing and exits 2.
func commentsMove(ctx context.Context, io stdio, args []string, verb string, to model.CommentStatus) error {
	f := newFlags(fmt.Sprintf("newsdesk comments %s ID [ID...]", verb),
		fmt.Sprintf("Move comments to %s, keeping their articles' comment counts right. Every ID\n"+
			"is checked before anything changes.", to))
	sf := addStoreFlags(f)
	if err := f.parse(io, args); err != nil {
		return err
	}
	if len(f.args) == 0 {
		return usagef("missing comment ID (usage: %s)", f.usage)
	}
	ids := make([]int64, 0, len(f.args))
	seen := map[int64]bool{}
	for _, a := range f.args {
		id, err := parsePositiveID("comment ID", a)
		if err != nil {
			return err
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	from := make([]model.CommentStatus, len(ids))
	for i, id := range ids {
		c, err := st.GetComment(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return usagef("no comment with ID %d; nothing changed (see 'newsdesk comments list')", id)
		}
		if err != nil {
			return err
		}
		from[i] = c.Status
	}
	for i, id := range ids {
		if from[i] == to {
			fmt.Fprintf(io.out, "comment %d: already %s\n", id, to)
			continue
		}
		if err := st.SetCommentStatus(ctx, id, to); err != nil {
			return fmt.Errorf("comment %d: %w", id, err)
		}
		fmt.Fprintf(io.out, "comment %d: %s -> %s\n", id, from[i], to)
	}
	return nil
}

// parsePositiveID reads an ID given on the command line as what.
func parsePositiveID(what, arg string) (int64, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("%s must be a positive number, got %q", what, arg)
	}
	return id, nil
}

// printable makes text typed by others safe for one cell of a table on a
// terminal: control characters (escape sequences included) and
// direction overrides become U+FFFD, runs of white space one space, and
// it is cut to max characters with an ellipsis.
func printable(s string, max int) string {
	var out []rune
	space := false
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if unicode.IsSpace(r) {
			space = len(out) > 0
			continue
		}
		if unicode.IsControl(r) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F {
			r = utf8.RuneError
		}
		if space {
			out = append(out, ' ')
			space = false
		}
		out = append(out, r)
	}
	if max > 0 && len(out) > max {
		out = append(out[:max-1], '…')
	}
	return string(out)
}
