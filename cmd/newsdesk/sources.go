package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/opml"
	"github.com/newsdesk/newsdesk/internal/store"
)

func runSources(ctx context.Context, io stdio, args []string) error {
	subs := map[string]func(context.Context, stdio, []string) error{
		"add": sourcesAdd, "list": sourcesList, "set": sourcesSet, "remove": sourcesRemove,
		"import": sourcesImport, "export": sourcesExport,
	}
	if len(args) == 0 {
		return usagef("missing subcommand: add, list, set, remove, import or export")
	}
	if args[0] == "--help" || args[0] == "-h" {
		fmt.Fprint(io.out, "Usage: newsdesk sources add URL [--category NAME] [--name NAME] [--interval D] [--extract MODE]\n"+
			"       newsdesk sources list [--json]\n"+
			"       newsdesk sources set ID [--interval D] [--extract MODE] [--name NAME]\n"+
			"       newsdesk sources remove ID\n"+
			"       newsdesk sources import FILE.opml\n"+
			"       newsdesk sources export\n\n"+
			"Manage the feeds newsdesk aggregates. Run 'newsdesk sources SUBCOMMAND --help' for flags.\n")
		return nil
	}
	sub, ok := subs[args[0]]
	if !ok {
		return usagef("unknown subcommand %q: want add, list, set, remove, import or export", args[0])
	}
	return sub(ctx, io, args[1:])
}

func sourcesAdd(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk sources add URL [--category NAME] [--name NAME] [--interval D] [--extract MODE]",
		"Subscribe to a feed (RSS, Atom or JSON Feed). Given a web page, the feed it\n"+
			"announces with <link rel=\"alternate\"> is found and added.")
	category := f.String("category", "", "file the source's articles under this category")
	name := f.String("name", "", "the source's name (default: the feed's title)")
	of := addSourceOptionFlags(f)
	sf, ff := addStoreFlags(f), addFetchFlags(f)
	if err := f.parse(io, args); err != nil {
		return err
	}
	if err := f.want(1, "URL"); err != nil {
		return err
	}
	interval, mode, err := of.values(0, model.ExtractAuto)
	if err != nil {
		return err
	}
	st, in, err := openIngest(ctx, sf, ff, ingest.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	src, err := in.Subscribe(ctx, f.args[0], *name, *category)
	if err != nil {
		return err
	}
	if interval != 0 || mode != model.ExtractAuto {
		if err := st.SetSourceOptions(ctx, src.ID, interval, mode); err != nil {
			return err
		}
	}
	fmt.Fprintf(io.out, "added source %d: %s <%s>\n", src.ID, src.Name, src.FeedURL)
	return nil
}

func sourcesSet(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk sources set ID [--interval D] [--extract MODE] [--name NAME]",
		"Change how a source is fetched. Flags not given keep their value.")
	name := f.String("name", "", "the source's name")
	of := addSourceOptionFlags(f)
	sf := addStoreFlags(f)
	id, err := parseIDArgs(f, io, args)
	if err != nil {
		return err
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	src, err := st.GetSource(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return noSource(id)
	}
	if err != nil {
		return err
	}
	interval, mode, err := of.values(src.Interval, src.Extract)
	if err != nil {
		return err
	}
	if err := st.SetSourceOptions(ctx, id, interval, mode); err != nil {
		return err
	}
	if *name != "" {
		if err := st.UpdateSourceMeta(ctx, id, *name, ""); err != nil {
			return err
		}
	}
	every := "the default interval"
	if interval > 0 {
		every = "every " + interval.String()
	}
	fmt.Fprintf(io.out, "source %d: fetched %s, extraction %s\n", id, every, mode)
	return nil
}

// sourceOptionFlags are the per-source fetch settings add and set take.
type sourceOptionFlags struct {
	interval *string
	extract  *string
}

func addSourceOptionFlags(f *flags) sourceOptionFlags {
	return sourceOptionFlags{
		interval: f.String("interval", "", "time between fetches, at least 1m, e.g. 30m (0: the default)"),
		extract: f.String("extract", "", "when to fetch and extract the full article: auto (when the feed\n"+
			"carries only a summary or an uncredited photo), always or never"),
	}
}

// values returns the settings given, or the current ones for flags not
// given.
func (o sourceOptionFlags) values(interval time.Duration, mode model.ExtractMode) (time.Duration, model.ExtractMode, error) {
	if *o.interval != "" {
		d, err := time.ParseDuration(*o.interval)
		if *o.interval == "0" {
			d, err = 0, nil
		}
		if err != nil || d < 0 {
			return 0, "", usagef("--interval wants a duration such as 15m or 2h, got %q", *o.interval)
		}
		if d != 0 && d < model.MinInterval {
			return 0, "", usagef("--interval must be at least %s, got %s", model.MinInterval, d)
		}
		if d%time.Second != 0 {
			return 0, "", usagef("--interval must be whole seconds, got %s", d)
		}
		interval = d
	}
	if *o.extract != "" {
		m, err := model.ParseExtractMode(*o.extract)
		if err != nil {
			return 0, "", usagef("--extract: %v", err)
		}
		mode = m
	}
	return interval, mode, nil
}

func sourcesList(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk sources list [--json]", "List the sources with their article counts and fetch state.")
	asJSON := f.Bool("json", false, "print a JSON array instead of a table")
	sf := addStoreFlags(f)
	if err := f.parse(io, args); err != nil {
		return err
	}
	if err := f.want(0, ""); err != nil {
		return err
	}
	sources, err := sf.listSources(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeSourcesJSON(io, sources)
	}
	tw := tabwriter.NewWriter(io.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tCATEGORY\tARTICLES\tLAST FETCH\tSTATUS\tURL")
	for _, s := range sources {
		last := "-"
		if !s.State.LastFetchedAt.IsZero() {
			last = s.State.LastFetchedAt.Local().Format(time.DateTime)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\n", s.ID, s.Name, dash(s.Category), s.Articles, last, s.State.Status(), s.FeedURL)
	}
	return tw.Flush()
}

// sourceJSON is a source as `sources list --json` prints it.
type sourceJSON struct {
	model.Source
	// IntervalSeconds is the source's own fetch interval; 0 means the
	// default.
	IntervalSeconds int64  `json:"interval_seconds"`
	Status          string `json:"status"`
}

func writeSourcesJSON(io stdio, sources []model.Source) error {
	out := make([]sourceJSON, len(sources))
	for i, s := range sources {
		out[i] = sourceJSON{Source: s, IntervalSeconds: int64(s.Interval / time.Second), Status: s.State.Status()}
	}
	enc := json.NewEncoder(io.out)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func sourcesRemove(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk sources remove ID", "Remove a source and the articles aggregated from it.")
	sf := addStoreFlags(f)
	id, err := parseIDArgs(f, io, args)
	if err != nil {
		return err
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.RemoveSource(ctx, id); errors.Is(err, store.ErrNotFound) {
		return noSource(id)
	} else if err != nil {
		return err
	}
	fmt.Fprintf(io.out, "removed source %d\n", id)
	return nil
}

func sourcesImport(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk sources import FILE.opml", "Subscribe to every feed listed in an OPML file; folders become categories.\n"+
		"Feeds already subscribed are left as they are. A progress bar shows on a terminal.")
	workers := f.Int("workers", 4, "feeds checked at once")
	sf, ff := addStoreFlags(f), addFetchFlags(f)
	if err := f.parse(io, args); err != nil {
		return err
	}
	if err := f.want(1, "OPML file"); err != nil {
		return err
	}
	if *workers < 1 || *workers > 64 {
		return usagef("--workers must be between 1 and 64")
	}
	file, err := os.Open(f.args[0])
	if err != nil {
		return err
	}
	defer file.Close()
	outlines, err := opml.Read(file)
	if err != nil {
		return err
	}
	st, in, err := openIngest(ctx, sf, ff, ingest.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	// Each feed is checked over the network before it is added: a few at
	// a time, with a progress bar on a terminal, reported in file order.
	bar := newBar(io, len(outlines))
	results := in.SubscribeAll(ctx, outlines, *workers, func() { bar.Add(1) })
	bar.Finish()
	added, known, failed := 0, 0, 0
	for _, r := range results {
		switch {
		case errors.Is(r.Err, ingest.ErrAlreadySubscribed):
			known++
		case r.Err != nil:
			failed++
			fmt.Fprintf(io.err, "skipped %s: %v\n", r.Outline.FeedURL, r.Err)
		default:
			added++
			fmt.Fprintf(io.out, "added source %d: %s <%s>\n", r.Source.ID, r.Source.Name, r.Source.FeedURL)
		}
	}
	fmt.Fprintf(io.out, "%d added, %d already subscribed, %d skipped\n", added, known, failed)
	if added == 0 && known == 0 {
		return fmt.Errorf("no feed of %s could be added", f.args[0])
	}
	return nil
}

func sourcesExport(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk sources export", "Print the sources as an OPML file, for backups or another reader.")
	sf := addStoreFlags(f)
	if err := f.parse(io, args); err != nil {
		return err
	}
	if err := f.want(0, ""); err != nil {
		return err
	}
	sources, err := sf.listSources(ctx)
	if err != nil {
		return err
	}
	outlines := make([]opml.Outline, len(sources))
	for i, s := range sources {
		outlines[i] = opml.Outline{Title: s.Name, FeedURL: s.FeedURL, SiteURL: s.SiteURL, Category: s.Category}
	}
	return opml.Write(io.out, "newsdesk sources", outlines, time.Now())
}

// listSources opens the database just long enough to list the sources.
func (sf storeFlags) listSources(ctx context.Context) ([]model.Source, error) {
	st, err := sf.open(ctx)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return st.ListSources(ctx)
}

// parseIDArgs parses the flags and the one source ID a command takes.
func parseIDArgs(f *flags, io stdio, args []string) (int64, error) {
	if err := f.parse(io, args); err != nil {
		return 0, err
	}
	if err := f.want(1, "source ID"); err != nil {
		return 0, err
	}
	return parseSourceID("source ID", f.args[0])
}

// parseSourceID reads a source ID given on the command line as what.
func parseSourceID(what, arg string) (int64, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("%s must be a positive number, got %q", what, arg)
	}
	return id, nil
}

// noSource is the error for an ID no source has.
func noSource(id int64) error {
	return fmt.Errorf("no source with ID %d (see 'newsdesk sources list')", id)
}
