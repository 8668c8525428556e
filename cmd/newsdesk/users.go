package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
)

func runUsers(ctx context.Context, io stdio, args []string) error {
	subs := map[string]func(context.Context, stdio, []string) error{"add": usersAdd, "list": usersList,
		"passwd": usersPasswd, "reset": usersReset, "role": usersRole, "disable": usersDisable, "enable": usersEnable}
	const names = "add, list, passwd, reset, role, disable or enable"
	if len(args) == 0 {
		return usagef("missing subcommand: %s", names)
	}
	if args[0] == "--help" || args[0] == "-h" {
		fmt.Fprint(io.out, "Usage: newsdesk users add EMAIL --role admin|editor|author|moderator [--name NAME]\n"+
			"       newsdesk users list [--json]\n"+
			"       newsdesk users passwd EMAIL      (new password from standard input)\n"+
			"       newsdesk users reset EMAIL       (prints a new random password once)\n"+
			"       newsdesk users role EMAIL ROLE\n"+
			"       newsdesk users disable EMAIL | enable EMAIL\n\n"+
			"Manage the newsroom's accounts, which sign in to the admin area at /admin/.\n"+
			"A new password, a reset or disabling ends the account's sessions; each change is\n"+
			"written to the audit log with the actor \"shell\".\n"+
			"Run 'newsdesk users SUBCOMMAND --help' for flags.\n")
		return nil
	}
	sub, ok := subs[args[0]]
	if !ok {
		return usagef("unknown subcommand %q: want %s", args[0], names)
	}
	return sub(ctx, io, args[1:])
}

func usersAdd(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk users add EMAIL --role admin|editor|author|moderator [--name NAME]",
		"Create an account for the admin area. The password is read from standard input:\n"+
			"on a terminal it is asked for twice without echo; from a pipe the first line is\n"+
			"taken (its line break removed). It must be at least 12 characters long.\n"+
			"Roles: admin (everything, settings included), editor and moderator (moderate\n"+
			"comments), author (no moderation).")
	role := f.String("role", "", "the account's role: admin, editor, author or moderator (required)")
	name := f.String("name", "", "the name shown for the account (staff replies are signed with it)")
	sf := addStoreFlags(f)
	if err := f.parse(io, args); err != nil {
		return err
	}
	if err := f.want(1, "EMAIL"); err != nil {
		return err
	}
	email := strings.TrimSpace(f.args[0])
	if *role == "" {
		return usagef("missing --role (admin, editor, author or moderator)")
	}
	r, err := model.ParseRole(*role)
	if err != nil {
		return usagef("--role: %v", err)
	}
	if err := auth.CheckEmail(email); err != nil {
		return usagef("%v", err)
	}
	pw, err := readPassword(io, email)
	if err != nil {
		return err
	}
	if err := auth.CheckPasswordPolicy(pw); err != nil {
		return usagef("%v", err)
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	mgr, err := auth.NewManager(st, auth.Options{})
	if err != nil {
		return err
	}
	u, err := mgr.CreateUser(ctx, email, *name, r, pw)
	switch {
	case errors.Is(err, auth.ErrEmailTaken):
		return usagef("%s already has an account (see 'newsdesk users list')", email)
	case errors.Is(err, auth.ErrInvalidName), errors.Is(err, auth.ErrInvalidEmail), errors.Is(err, auth.ErrPasswordPolicy):
		return usagef("%v", err)
	case err != nil:
		return err
	}
	fmt.Fprintf(io.out, "added user %d: %s (%s)\n", u.ID, u.Email, u.Role)
	return nil
}

// readPassword reads a new account's password from standard input: on a
// terminal asked twice without echo, from a pipe or file its first line.
func readPassword(std stdio, email string) (string, error) {
	if f, ok := std.in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(std.err, "Password for %s: ", email)
		first, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(std.err)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		fmt.Fprint(std.err, "Again: ")
		second, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(std.err)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if string(first) != string(second) {
			return "", usagef("the two passwords typed differ")
		}
		return string(first), nil
	}
	// Read no more than the longest password allowed and its line break:
	// a longer first line is refused by the policy anyway.
	line, err := bufio.NewReader(io.LimitReader(std.in, auth.MaxPasswordBytes+3)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from standard input: %w", err)
	}
	line = strings.TrimSuffix(line, "\n")
	line = strings.TrimSuffix(line, "\r")
	if line == "" {
		return "", usagef("no password on standard input (pipe it in, e.g. printf '%%s\\n' \"$PASSWORD\" | newsdesk users add ...)")
	}
	return line, nil
}

// userJSON is an account as `users list --json` prints it: never the
// password hash.
type userJSON struct {
	ID       int64      `json:"id"`
	Email    string     `json:"email"`
	Name     string     `json:"name"`
	Role     string     `json:"role"`
	Created  time.Time  `json:"created_at"`
	Disabled bool       `json:"disabled"`
	LastSeen *time.Time `json:"last_seen_at"` // null: never signed in
}

func usersList(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk users list [--json]", "List the newsroom's accounts.")
	asJSON := f.Bool("json", false, "print a JSON array instead of a table")
	sf := addStoreFlags(f)
	if err := f.parse(io, args); err != nil {
		return err
	}
	if err := f.want(0, ""); err != nil {
		return err
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	users, err := st.ListUsers(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]userJSON, len(users))
		for i, u := range users {
			out[i] = userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), Created: u.Created, Disabled: u.Disabled}
			if !u.LastSeen.IsZero() {
				out[i].LastSeen = &u.LastSeen
			}
		}
		enc := json.NewEncoder(io.out)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(io.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tROLE\tCREATED\tLAST SEEN\tSTATE")
	for _, u := range users {
		seen, state := "never", "enabled"
		if !u.LastSeen.IsZero() {
			seen = u.LastSeen.Local().Format(time.DateTime)
		}
		if u.Disabled {
			state = "disabled"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", u.ID, printable(u.Email, 60), dash(printable(u.Name, 40)), u.Role,
			u.Created.Local().Format(time.DateTime), seen, state)
	}
	return tw.Flush()
}
