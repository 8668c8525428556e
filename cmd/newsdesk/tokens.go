package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// runTokens manages app tokens from the shell: what the tokens page of
// the admin area does for its own member, for any account.
func runTokens(ctx context.Context, io stdio, args []string) error {
	subs := map[string]func(context.Context, stdio, []string) error{"add": tokensAdd, "list": tokensList, "revoke": tokensRevoke}
	const names = "add, list or revoke"
	if len(args) == 0 {
		return usagef("missing subcommand: %s", names)
	}
	if args[0] == "--help" || args[0] == "-h" {
		fmt.Fprint(io.out, "Usage: newsdesk tokens add EMAIL --name NAME --scope api|reader   (prints the secret once)\n"+
			"       newsdesk tokens list [EMAIL] [--json]\n"+
			"       newsdesk tokens revoke ID\n\n"+
			"Manage app tokens: secrets that let a program act as an account without its\n"+
			"password. Scope api is for the JSON API's writes (Authorization: Bearer nd_...),\n"+
			"scope reader for feed-reader apps (Google Reader and Fever APIs). Only a hash is\n"+
			"stored; each change is written to the audit log with the actor \"shell\".\n"+
			"Run 'newsdesk tokens SUBCOMMAND --help' for flags.\n")
		return nil
	}
	sub, ok := subs[args[0]]
	if !ok {
		return usagef("unknown subcommand %q: want %s", args[0], names)
	}
	return sub(ctx, io, args[1:])
}

func tokensAdd(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk tokens add EMAIL --name NAME --scope api|reader",
		"Make an app token for an account and print its secret once, on standard output.\n"+
			"A reader token's Fever key is md5 of \"EMAIL:SECRET\": it stops working if the\n"+
			"account's email address changes.")
	name := f.String("name", "", "what the token is for, unique among the account's tokens (required)")
	scope := f.String("scope", "", "api (the JSON API) or reader (feed-reader apps) (required)")
	sf := addStoreFlags(f)
	if err := f.parse(io, args); err != nil {
		return err
	}
	if err := f.want(1, "EMAIL"); err != nil {
		return err
	}
	if *name == "" {
		return usagef("missing --name (usage: %s)", f.usage)
	}
	sc, err := model.ParseTokenScope(*scope)
	if err != nil {
		return usagef("--scope: %v", err)
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.GetUserByEmail(ctx, f.args[0])
	if errors.Is(err, store.ErrNotFound) {
		return usagef("%s has no account (see 'newsdesk users list')", f.args[0])
	}
	if err != nil {
		return err
	}
	toks, err := auth.NewTokens(st, auth.TokenOptions{})
	if err != nil {
		return err
	}
	tok, secret, err := toks.Create(ctx, u, *name, sc)
	switch {
	case errors.Is(err, auth.ErrTokenNameTaken):
		return usagef("%s has a token named %q already (see 'newsdesk tokens list %s')", u.Email, *name, u.Email)
	case errors.Is(err, auth.ErrInvalidToken):
		return usagef("%v", err)
	case err != nil:
		return err
	}
	if err := shellAudit(ctx, st, "token.create", u, fmt.Sprintf("made %s token %q (#%d) from the shell", tok.Scope, tok.Name, tok.ID)); err != nil {
		return err
	}
	fmt.Fprintf(io.err, "token #%d %q (%s) of %s; its secret, shown once:\n", tok.ID, tok.Name, tok.Scope, u.Email)
	fmt.Fprintln(io.out, secret)
	return nil
}

// tokenJSON is a token as 'tokens list --json' prints it.
type tokenJSON struct {
	ID       int64      `json:"id"`
	Email    string     `json:"email"`
	Name     string     `json:"name"`
	Scope    string     `json:"scope"`
	Created  time.Time  `json:"created_at"`
	LastUsed *time.Time `json:"last_used_at"`
}

func tokensList(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk tokens list [EMAIL] [--json]", "List app tokens: one account's, or every account's.")
	asJSON := f.Bool("json", false, "print a JSON array instead of a table")
	sf := addStoreFlags(f)
	if err := f.parse(io, args); err != nil {
		return err
	}
	if len(f.args) > 1 {
		return usagef("unexpected argument %q (usage: %s)", f.args[1], f.usage)
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	var owner int64
	if len(f.args) == 1 {
		u, err := st.GetUserByEmail(ctx, f.args[0])
		if errors.Is(err, store.ErrNotFound) {
			return usagef("%s has no account (see 'newsdesk users list')", f.args[0])
		}
		if err != nil {
			return err
		}
		owner = u.ID
	}
	toks, err := st.ListAppTokens(ctx, owner)
	if err != nil {
		return err
	}
	users, err := st.ListUsers(ctx)
	if err != nil {
		return err
	}
	emails := map[int64]string{}
	for _, u := range users {
		emails[u.ID] = u.Email
	}
	if *asJSON {
		out := make([]tokenJSON, len(toks))
		for i, t := range toks {
			out[i] = tokenJSON{ID: t.ID, Email: emails[t.UserID], Name: t.Name, Scope: string(t.Scope), Created: t.Created}
			if !t.LastUsed.IsZero() {
				out[i].LastUsed = &toks[i].LastUsed
			}
		}
		enc := json.NewEncoder(io.out)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(io.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tACCOUNT\tNAME\tSCOPE\tCREATED\tLAST USED")
	for _, t := range toks {
		used := "never"
		if !t.LastUsed.IsZero() {
			used = t.LastUsed.Local().Format(time.DateTime)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, emails[t.UserID], t.Name, t.Scope,
			t.Created.Local().Format(time.DateTime), used)
	}
	return tw.Flush()
}

func tokensRevoke(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk tokens revoke ID", "Revoke an app token (IDs are in 'newsdesk tokens list'): programs using it are refused from now on.")
	sf := addStoreFlags(f)
	if err := f.parse(io, args); err != nil {
		return err
	}
	if err := f.want(1, "ID"); err != nil {
		return err
	}
	id, err := strconv.ParseInt(f.args[0], 10, 64)
	if err != nil || id <= 0 {
		return usagef("token ID %q is not a positive whole number", f.args[0])
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	toks, err := auth.NewTokens(st, auth.TokenOptions{})
	if err != nil {
		return err
	}
	tok, err := toks.Revoke(ctx, id, 0)
	if errors.Is(err, auth.ErrNoToken) {
		return usagef("there is no token #%d (see 'newsdesk tokens list')", id)
	}
	if err != nil {
		return err
	}
	u, err := st.GetUser(ctx, tok.UserID)
	if err != nil {
		return err
	}
	if err := shellAudit(ctx, st, "token.revoke", u, fmt.Sprintf("revoked %s token %q (#%d) from the shell", tok.Scope, tok.Name, tok.ID)); err != nil {
		return err
	}
	fmt.Fprintf(io.out, "token #%d %q of %s revoked\n", tok.ID, tok.Name, u.Email)
	return nil
}
