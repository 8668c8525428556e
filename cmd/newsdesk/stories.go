package main

import (
	"context"
	"fmt"
	"os"

	"github.com/newsdesk/newsdesk/internal/cluster"
	"github.com/newsdesk/newsdesk/internal/stories"
)

func runStories(ctx context.Context, io stdio, args []string) error {
	if len(args) == 0 {
		return usagef("missing subcommand: eval or cluster")
	}
	switch args[0] {
	case "--help", "-h":
		fmt.Fprint(io.out, "Usage: newsdesk stories eval FILE.jsonl|-\n"+
			"       newsdesk stories cluster [--db URL]\n\n"+
			"eval runs the production clustering engine on articles given one JSON object a\n"+
			"line (id, title, text, source, url, published_at) and prints {\"id\",\"story\"} a\n"+
			"line, in input order (a near duplicate also names its earlier copy in\n"+
			"\"near_dup_of\"). It reads no database.\n\n"+
			"cluster assigns every stored article that clustering has not seen yet to a\n"+
			"story and exits; 'newsdesk serve' does the same continuously.\n")
		return nil
	case "eval":
		return storiesEval(io, args[1:])
	case "cluster":
		return storiesCluster(ctx, io, args[1:])
	}
	return usagef("unknown subcommand %q: want eval or cluster", args[0])
}

func storiesEval(io stdio, args []string) error {
	f := newFlags("newsdesk stories eval FILE.jsonl|-",
		"Cluster the articles of FILE (or standard input for -) with the production\n"+
			"engine and print each one's story, one {\"id\",\"story\"} a line, in input order.")
	if err := f.parse(io, args); err != nil {
		return err
	}
	if err := f.want(1, "FILE.jsonl"); err != nil {
		return err
	}
	in := io.in
	if name := f.args[0]; name != "-" {
		file, err := os.Open(name)
		if err != nil {
			return err
		}
		defer file.Close()
		in = file
	}
	return cluster.Eval(in, io.out, cluster.Config{})
}

func storiesCluster(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk stories cluster [--db URL]",
		"Assign every stored article that clustering has not seen yet to a story, then\n"+
			"exit. 'newsdesk serve' clusters new articles continuously; this is for a\n"+
			"database filled or upgraded while no server ran.")
	sf, lf := addStoreFlags(f), addLogFlags(f)
	if err := f.parse(io, args); err != nil {
		return err
	}
	if err := f.want(0, ""); err != nil {
		return err
	}
	log, err := lf.logger(io.err)
	if err != nil {
		return err
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	w := stories.New(st, stories.Options{Logger: log})
	n, err := drainLed(ctx, st, w, clusterLeadWait)
	if err != nil {
		return err
	}
	s := w.Stats()
	fmt.Fprintf(io.out, "clustered %d articles: %d joined a story, %d started one, %d near duplicates, %d merges\n",
		n, s.Joined, s.NewStories, s.NearDups, s.Merges)
	return nil
}
