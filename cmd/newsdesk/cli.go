package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// stdio is the process's streams and environment, passed in so tests can
// run commands in-process.
type stdio struct {
	in     io.Reader
	out    io.Writer
	err    io.Writer
	getenv func(string) string
}

// command is one subcommand.
type command struct {
	name    string
	args    string // argument synopsis for usage lines
	summary string
	run     func(ctx context.Context, io stdio, args []string) error
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

func commands() []command {
	return []command{
		{"serve", "[--addr ADDR] [--db URL] [--data DIR] [--role all|web|worker]", "run the news site, the fetch scheduler and the workers (or, with --role, only one side)", runServe},
		{"demo", "[--addr ADDR] [--db URL] [--data DIR] [--seed N]", "build a synthetic news world, aggregate it over HTTP and serve the site", runDemo},
		{"sources", "add URL | list | set ID | remove ID | import FILE | export", "manage the feeds newsdesk aggregates", runSources},
		{"fetch", "[--source ID] [--all]", "fetch sources once and wait until done", runFetch},
		{"users", "add EMAIL --role ROLE [--name NAME] | list [--json] | passwd|reset|disable|enable EMAIL | role EMAIL ROLE", "manage the newsroom's admin accounts (passwords from stdin)", runUsers},
		{"comments", "list [--status S] [--article ID] [--json] | approve|spam|trash ID...", "moderate comments from the shell", runComments},
		{"tokens", "add EMAIL --name NAME --scope api|reader | list [EMAIL] [--json] | revoke ID", "manage app tokens for the JSON API and feed-reader apps", runTokens},
		{"stories", "eval FILE.jsonl | cluster", "evaluate story clustering on given articles, or cluster stored ones", runStories},
		{"migrate-db", "--from sqlite:PATH --to postgres://... [--replace]", "copy a site from SQLite into PostgreSQL and verify every table", runMigrateDB},
		{"extract", "[--json] FILE_OR_URL...", "extract the article from web pages and print it as JSON", runExtract},
		{"version", "", "print the version", runVersion},
		{"help", "[COMMAND]", "show help for newsdesk or one command", runHelp},
	}
}

func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// run executes one command line and returns the exit status: 0 on
// success, 1 when the work failed, 2 for a usage mistake.
func run(ctx context.Context, args []string, io stdio) int {
	if len(args) == 0 {
		fmt.Fprintln(io.err, "newsdesk: missing command (run 'newsdesk help' for the list)")
		return 2
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-v", "-version", "--version":
		name = "version"
	}
	cmd, ok := findCommand(name)
	if !ok {
		fmt.Fprintf(io.err, "newsdesk: unknown command %q (run 'newsdesk help' for the list)\n", args[0])
		return 2
	}
	err := cmd.run(ctx, io, args[1:])
	var ue usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(io.err, "newsdesk %s: %s\n", cmd.name, ue.msg)
		return 2
	default:
		fmt.Fprintf(io.err, "newsdesk %s: %v\n", cmd.name, err)
		return 1
	}
}

func printHelp(w io.Writer) {
	fmt.Fprintf(w, "newsdesk %s: all your news, one platform.\n\nUsage:\n", version)
	for _, c := range commands() {
		fmt.Fprintf(w, "  newsdesk %-8s %s\n      %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprint(w, "\nEvery command takes --help. Every flag can also be set with a NEWSDESK_<FLAG>\n"+
		"environment variable (NEWSDESK_DB, NEWSDESK_ADDR, NEWSDESK_ALLOW_PRIVATE...) or in the\n"+
		"file named by --config / NEWSDESK_CONFIG (lines of \"flag-name = value\").\n")
}

func runHelp(_ context.Context, io stdio, args []string) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		printHelp(io.out)
		return nil
	}
	if len(args) > 1 {
		return usagef("help takes at most one command name")
	}
	c, ok := findCommand(args[0])
	if !ok {
		return usagef("unknown command %q", args[0])
	}
	return c.run(context.Background(), io, []string{"--help"})
}

func runVersion(_ context.Context, io stdio, args []string) error {
	if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
		fmt.Fprintln(io.out, "Usage: newsdesk version\n\nPrints the version of this newsdesk binary.")
		return nil
	}
	if len(args) > 0 {
		return usagef("version takes no arguments")
	}
	fmt.Fprintf(io.out, "newsdesk %s\n", version)
	return nil
}

// oneLine keeps the first line of a flag package error, which is the reason.
func oneLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}
