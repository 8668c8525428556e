package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/schedule"
	"github.com/newsdesk/newsdesk/internal/store"
)

func runFetch(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk fetch [--source ID] [--all]",
		"Fetch the sources that are due (or the one given, or all of them) once, and\n"+
			"wait until done. A progress bar shows on a terminal.")
	sourceID := f.String("source", "", "fetch only the source with this ID")
	all := f.Bool("all", false, "fetch every source (but the disabled ones), due or not")
	workers := f.Int("workers", 4, "sources fetched at once, in all")
	perHost := f.Int("per-host", 2, "sources of one host (name and port) fetched at once")
	sf, ff, lf := addStoreFlags(f), addFetchFlags(f), addLogFlags(f)
	if err := f.parse(io, args); err != nil {
		return err
	}
	if err := f.want(0, ""); err != nil {
		return err
	}
	if *workers < 1 || *workers > 64 {
		return usagef("--workers must be between 1 and 64")
	}
	if *perHost < 1 || *perHost > 64 {
		return usagef("--per-host must be between 1 and 64")
	}
	log, err := lf.logger(io.err)
	if err != nil {
		return err
	}
	log = quietOnTerminal(io, log)
	st, in, err := openIngest(ctx, sf, ff, ingest.Options{Workers: *workers, PerHost: *perHost, Logger: log})
	if err != nil {
		return err
	}
	defer st.Close()
	if *sourceID == "" && !*all {
		return fetchDue(ctx, io, st, in, *workers, log)
	}
	sources, err := pickSources(ctx, st, *sourceID)
	if err != nil {
		return err
	}
	if len(sources) == 0 {
		fmt.Fprintln(io.out, "there are no sources; add one with 'newsdesk sources add URL'")
		return nil
	}
	bar := newBar(io, len(sources))
	results := in.FetchAll(ctx, sources, func(ingest.Result) { bar.Add(1) })
	bar.Finish()
	return reportFetch(io.out, results)
}

// fetchDue runs the fetch jobs due now, leasing them like the scheduler
// of a running server does, so the two never fetch a source twice.
func fetchDue(ctx context.Context, io stdio, st store.Store, in *ingest.Ingester, workers int, log *slog.Logger) error {
	var bar *progressbar.ProgressBar
	var results []ingest.Result
	runner := schedule.New(st, in, schedule.Options{Workers: workers, Logger: log,
		OnResult: func(r ingest.Result) {
			results = append(results, r)
			bar.Add(1)
		}})
	runner.Pass(ctx, 0, func(n int) { bar = newBar(io, n) })
	bar.Finish()
	if len(results) == 0 {
		fmt.Fprintln(io.out, "no source is due; use --all to fetch every source")
		return ctx.Err()
	}
	return reportFetch(io.out, results)
}

// pickSources returns the source with the ID given, or every source.
func pickSources(ctx context.Context, st store.Store, id string) ([]model.Source, error) {
	switch {
	case id != "":
		n, err := parseSourceID("--source", id)
		if err != nil {
			return nil, err
		}
		src, err := st.GetSource(ctx, n)
		if errors.Is(err, store.ErrNotFound) {
			return nil, noSource(n)
		}
		return []model.Source{src}, err
	default:
		// Every source an editor has not disabled; one named with
		// --source is fetched even when disabled.
		all, err := st.ListSources(ctx)
		if err != nil {
			return nil, err
		}
		return slices.DeleteFunc(all, func(s model.Source) bool { return s.Disabled }), nil
	}
}

func reportFetch(w io.Writer, results []ingest.Result) error {
	inserted, failed := 0, 0
	for _, r := range results {
		inserted += r.Inserted
		switch {
		case r.Interrupted:
			fmt.Fprintf(w, "source %d %s: interrupted; it stays due\n", r.Source.ID, r.Source.Name)
		case r.Err != nil:
			failed++
			fmt.Fprintf(w, "source %d %s: FAILED: %v\n", r.Source.ID, r.Source.Name, r.Err)
		case r.NotModified:
			fmt.Fprintf(w, "source %d %s: not modified\n", r.Source.ID, r.Source.Name)
		default:
			fmt.Fprintf(w, "source %d %s: %d new, %d already stored, %d skipped\n",
				r.Source.ID, r.Source.Name, r.Inserted, r.Duplicates, len(r.Skipped))
		}
	}
	fmt.Fprintf(w, "fetched %d sources: %d new articles, %d sources failed\n", len(results), inserted, failed)
	if failed == len(results) {
		return errors.New("every source failed")
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// newBar draws a progress bar on a terminal and nothing elsewhere, so
// scripts and logs get clean output.
func newBar(io stdio, total int) *progressbar.ProgressBar {
	if !isTerminal(io.err) {
		return progressbar.DefaultSilent(int64(total))
	}
	return progressbar.NewOptions(total,
		progressbar.OptionSetWriter(io.err),
		progressbar.OptionSetDescription("fetching"),
		progressbar.OptionShowCount(),
		progressbar.OptionClearOnFinish(),
	)
}
