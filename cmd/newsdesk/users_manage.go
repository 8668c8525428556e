package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// shellActor names the shell as the author of audit entries: whoever
// can run the binary on the server with its database.
const shellActor = "shell"

// openUser parses a users subcommand taking EMAIL (and extra arguments
// named in what), opens the store and finds the account.
func openUser(ctx context.Context, io stdio, args []string, usage, about string, n int, what string) (store.Store, model.User, []string, error) {
	f := newFlags(usage, about)
	sf := addStoreFlags(f)
	if err := f.parse(io, args); err != nil {
		return nil, model.User{}, nil, err
	}
	if err := f.want(n, what); err != nil {
		return nil, model.User{}, nil, err
	}
	if err := auth.CheckEmail(f.args[0]); err != nil {
		return nil, model.User{}, nil, usagef("%v", err)
	}
	st, err := sf.open(ctx)
	if err != nil {
		return nil, model.User{}, nil, err
	}
	u, err := st.GetUserByEmail(ctx, f.args[0])
	if errors.Is(err, store.ErrNotFound) {
		st.Close()
		return nil, model.User{}, nil, usagef("%s has no account (see 'newsdesk users list')", f.args[0])
	}
	if err != nil {
		st.Close()
		return nil, model.User{}, nil, err
	}
	return st, u, f.args[1:], nil
}

// shellAudit records a change made from the shell.
func shellAudit(ctx context.Context, st store.Store, action string, u model.User, summary string) error {
	_, err := st.AddAudit(ctx, model.AuditEntry{Actor: shellActor, Action: action, TargetType: "user",
		TargetID: u.ID, Summary: summary})
	if err != nil {
		return fmt.Errorf("the change is made but its audit entry was not written: %w", err)
	}
	return nil
}

// lastAdmin words store.ErrLastAdmin for the shell.
func lastAdmin(u model.User, what string) error {
	return usagef("%s is the last enabled admin: make another account admin before you %s it", u.Email, what)
}

func usersPasswd(ctx context.Context, io stdio, args []string) error {
	st, u, _, err := openUser(ctx, io, args, "newsdesk users passwd EMAIL",
		"Set a new password for an account. It is read from standard input like 'users add'\n"+
			"reads it: asked twice without echo on a terminal, the first line from a pipe; at\n"+
			"least 12 characters. Every session of the account ends.", 1, "EMAIL")
	if err != nil {
		return err
	}
	defer st.Close()
	pw, err := readPassword(io, u.Email)
	if err != nil {
		return err
	}
	if err := auth.CheckPasswordPolicy(pw); err != nil {
		return usagef("%v", err)
	}
	mgr, err := auth.NewManager(st, auth.Options{})
	if err != nil {
		return err
	}
	if err := mgr.SetPassword(ctx, u.ID, pw); err != nil {
		return err
	}
	if err := shellAudit(ctx, st, "user.password", u, "password set from the shell; sessions ended"); err != nil {
		return err
	}
	fmt.Fprintf(io.out, "password of %s changed; every session of the account has ended\n", u.Email)
	return nil
}

func usersReset(ctx context.Context, io stdio, args []string) error {
	st, u, _, err := openUser(ctx, io, args, "newsdesk users reset EMAIL",
		"Give an account a new random password and print it once (it is not stored in\n"+
			"clear anywhere: pass it on to its owner, who can change it at /admin/account).\n"+
			"Every session of the account ends.", 1, "EMAIL")
	if err != nil {
		return err
	}
	defer st.Close()
	pw, err := auth.GeneratePassword()
	if err != nil {
		return err
	}
	mgr, err := auth.NewManager(st, auth.Options{})
	if err != nil {
		return err
	}
	if err := mgr.SetPassword(ctx, u.ID, pw); err != nil {
		return err
	}
	if err := shellAudit(ctx, st, "user.reset", u, "password reset from the shell; sessions ended"); err != nil {
		return err
	}
	fmt.Fprintf(io.err, "new password of %s (shown once; every session of the account has ended):\n", u.Email)
	fmt.Fprintln(io.out, pw)
	return nil
}

func usersRole(ctx context.Context, io stdio, args []string) error {
	st, u, rest, err := openUser(ctx, io, args, "newsdesk users role EMAIL admin|editor|author|moderator",
		"Change an account's role. The last enabled admin keeps the admin role.", 2, "EMAIL and ROLE")
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := model.ParseRole(rest[0])
	if err != nil {
		return usagef("%v", err)
	}
	if r == u.Role {
		fmt.Fprintf(io.out, "%s is %s already\n", u.Email, r)
		return nil
	}
	err = st.SetUserRole(ctx, u.ID, r)
	if errors.Is(err, store.ErrLastAdmin) {
		return lastAdmin(u, "demote")
	}
	if err != nil {
		return err
	}
	if err := shellAudit(ctx, st, "user.role", u, fmt.Sprintf("role of %s: %s → %s", u.Email, u.Role, r)); err != nil {
		return err
	}
	fmt.Fprintf(io.out, "%s is now %s (was %s)\n", u.Email, r, u.Role)
	return nil
}

func usersDisable(ctx context.Context, io stdio, args []string) error {
	return setDisabled(ctx, io, args, true)
}

func usersEnable(ctx context.Context, io stdio, args []string) error {
	return setDisabled(ctx, io, args, false)
}

func setDisabled(ctx context.Context, io stdio, args []string, disabled bool) error {
	usage, about, verb := "newsdesk users enable EMAIL", "Let a disabled account sign in again.", "enable"
	if disabled {
		usage, verb = "newsdesk users disable EMAIL", "disable"
		about = "Stop an account from signing in and end its sessions at once. Its articles,\n" +
			"comments and audit entries stay; 'newsdesk users enable' undoes it."
	}
	st, u, _, err := openUser(ctx, io, args, usage, about, 1, "EMAIL")
	if err != nil {
		return err
	}
	defer st.Close()
	if u.Disabled == disabled {
		fmt.Fprintf(io.out, "%s is %sd already\n", u.Email, verb)
		return nil
	}
	err = st.SetUserDisabled(ctx, u.ID, disabled)
	if errors.Is(err, store.ErrLastAdmin) {
		return lastAdmin(u, "disable")
	}
	if err != nil {
		return err
	}
	summary := u.Email + " enabled"
	if disabled {
		summary = u.Email + " disabled; sessions ended"
	}
	if err := shellAudit(ctx, st, "user."+verb, u, summary); err != nil {
		return err
	}
	fmt.Fprintf(io.out, "%s\n", summary)
	return nil
}
