package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/schollz/progressbar/v3"

	"github.com/newsdesk/newsdesk/internal/store/dbopen"
	"github.com/newsdesk/newsdesk/internal/store/migrate"
)

func runMigrateDB(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk migrate-db --from sqlite:PATH --to postgres://... [--replace]",
		"Copy a site from its SQLite file into a PostgreSQL database: sources, articles,\n"+
			"stories, comments, users, settings, jobs and everything else both schemas hold.\n"+
			"Both databases are first brought to this program's schema version. The copy is\n"+
			"one transaction; the search index is rebuilt on PostgreSQL afterwards. Each\n"+
			"table's rows are then counted and their keys checksummed on both sides, and\n"+
			"any difference exits 1.\n\n"+
			"A target that already holds data is refused; --replace empties the copied\n"+
			"tables in the same transaction, so running again makes the target a fresh copy.\n"+
			"Stop the site (or keep it read-only) while migrating: rows written to SQLite\n"+
			"after the copy starts are not carried over.")
	from := f.String("from", "", "the SQLite database to copy: sqlite:PATH or a file path")
	to := f.String("to", "", "the PostgreSQL database to fill: a postgres:// URL")
	replace := f.Bool("replace", false, "empty the target's copied tables if they hold data")
	if err := f.parse(io, args); err != nil {
		return err
	}
	if err := f.want(0, ""); err != nil {
		return err
	}
	if *from == "" {
		return usagef("missing --from sqlite:PATH (usage: %s)", f.usage)
	}
	if *to == "" {
		return usagef("missing --to postgres://... (usage: %s)", f.usage)
	}
	kind, path, err := dbopen.Parse(*from, "")
	if err != nil {
		return usagef("--from: %v", err)
	}
	if kind != "sqlite" {
		return usagef("--from must name a SQLite database (sqlite:PATH); migrating from PostgreSQL is not supported")
	}
	kind, dsn, err := dbopen.Parse(*to, "")
	if err != nil {
		return usagef("--to: %v", err)
	}
	if kind != "postgres" {
		return usagef("--to must be a postgres:// or postgresql:// URL")
	}

	prog := newMigrateProgress(io)
	rep, err := migrate.Run(ctx, migrate.Options{Source: path, Target: dsn, Replace: *replace, Progress: prog.update})
	prog.finish()
	if errors.Is(err, migrate.ErrTargetNotEmpty) {
		return err
	}
	if err != nil {
		// pgx lists each address it tried on lines of their own; the
		// reason stays on one line.
		msg := strings.NewReplacer(":\n", ": ", "\n", "; ").Replace(err.Error())
		return fmt.Errorf("nothing was copied: %s", strings.Join(strings.Fields(msg), " "))
	}
	if err := rep.Write(io.out); err != nil {
		return err
	}
	if !rep.OK() {
		return errors.New("verification failed: the tables marked above differ between the two databases")
	}
	fmt.Fprintf(io.out, "copied and verified %d tables\n", len(rep.Tables))
	return nil
}

// migrateProgress shows the copy on stderr: a bar per table on a
// terminal, plain lines (one per table and every few thousand rows)
// elsewhere, so logs stay readable.
type migrateProgress struct {
	io    stdio
	tty   bool
	bar   *progressbar.ProgressBar
	table string
	last  int64
}

func newMigrateProgress(io stdio) *migrateProgress {
	return &migrateProgress{io: io, tty: isTerminal(io.err)}
}

func (m *migrateProgress) update(p migrate.Progress) {
	label := fmt.Sprintf("[%d/%d] %s", p.Index, p.Count, p.Table)
	if p.Table != m.table {
		m.finish()
		m.table, m.last = p.Table, -1
		if m.tty {
			m.bar = progressbar.NewOptions64(max(p.Total, 1),
				progressbar.OptionSetWriter(m.io.err),
				progressbar.OptionSetDescription(label),
				progressbar.OptionShowCount(),
				progressbar.OptionClearOnFinish(),
			)
		}
	}
	if m.tty {
		if m.bar != nil {
			m.bar.Set64(p.Done)
		}
		return
	}
	if p.Done == m.last {
		return
	}
	m.last = p.Done
	if p.Table == "search index" {
		fmt.Fprintln(m.io.err, "rebuilding the search index")
		return
	}
	fmt.Fprintf(m.io.err, "%s: %d/%d rows\n", label, p.Done, p.Total)
}

func (m *migrateProgress) finish() {
	if m.bar != nil {
		m.bar.Finish()
		m.bar = nil
	}
}
