package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

func runFetch(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk fetch [--source ID] [--all]",
		"Fetch the sources that are due (or the one given, or all of them) once, and\n"+
			"wait until done. A progress bar shows on a terminal.")
	sourceID := f.String("source", "", "fetch only the source with this ID")
	all := f.Bool("all", false, "fetch every source, due or not")
	workers := f.Int("workers", 4, "sources fetched at once")
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
	log, err := lf.logger(io.err)
	if err != nil {
		return err
	}
	st, in, err := openIngest(ctx, sf, ff, ingest.Options{Workers: *workers, Logger: quietOnTerminal(io, log)})
	if err != nil {
		return err
	}
	defer st.Close()
	sources, err := pickSources(ctx, st, in, *sourceID, *all)
	if err != nil {
		return err
	}
	if len(sources) == 0 {
		fmt.Fprintln(io.out, "no source is due; use --all to fetch every source")
		return nil
	}
	bar := newBar(io, len(sources))
	results := in.FetchAll(ctx, sources, func(ingest.Result) { bar.Add(1) })
	bar.Finish()
	return reportFetch(io.out, results)
}

func pickSources(ctx context.Context, st store.Store, in *ingest.Ingester, id string, all bool) ([]model.Source, error) {
	switch {
	case id != "":
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			return nil, usagef("--source must be a positive number, got %q", id)
		}
		src, err := st.GetSource(ctx, n)
		if errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("no source with ID %d (see 'newsdesk sources list')", n)
		}
		return []model.Source{src}, err
	case all:
		return st.ListSources(ctx)
	default:
		return in.Due(ctx)
	}
}

func reportFetch(w io.Writer, results []ingest.Result) error {
	inserted, failed := 0, 0
	for _, r := range results {
		inserted += r.Inserted
		switch {
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
