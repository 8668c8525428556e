package demo

import (
	"math/rand/v2"
	"slices"
	"time"
)

// The world's wire service: its reports are republished by other outlets,
// as newspapers run agency copy, under their own headline and with a
// line of their own on top. Such copies are near duplicates of the wire's
// text; newsdesk should show each text once and credit every outlet.
const (
	wireOutlet = "northfield-wire"
	// syndicateOdds is the chance that an event the wire covers has its
	// report republished by other outlets covering it.
	syndicateOdds = 0.35
	// maxCopyParagraphs keeps a copy as long as the outlets' own articles.
	maxCopyParagraphs = 9
)

// copyIntros are the lines an outlet puts above agency copy.
var copyIntros = []string{
	"The following report is from Northfield Wire.",
	"This story was first published by Northfield Wire and has been lightly edited.",
	"Our partners at Northfield Wire filed this report.",
	"From the wires: the latest on a developing story.",
}

// syndicate turns some outlets' coverage of the wire's events into copies
// of the wire's report. It draws from its own random source so that the
// rest of the world is the same with or without it: only the replaced
// articles change. It returns, for each copy, the index of its original.
func syndicate(articles []Article, seed int64, now time.Time) map[int]int {
	r := rand.New(rand.NewPCG(uint64(seed), 0x77697265636f7079))
	byEvent := map[int][]int{}
	var events []int
	for i, a := range articles {
		if a.EventID == 0 {
			continue
		}
		if _, ok := byEvent[a.EventID]; !ok {
			events = append(events, a.EventID)
		}
		byEvent[a.EventID] = append(byEvent[a.EventID], i)
	}
	slices.Sort(events)
	copies := map[int]int{}
	for _, ev := range events {
		idx := byEvent[ev]
		wire, others := -1, []int{}
		for _, i := range idx {
			if articles[i].Outlet == wireOutlet {
				wire = i
			} else {
				others = append(others, i)
			}
		}
		if wire < 0 || len(others) == 0 || r.Float64() >= syndicateOdds {
			continue
		}
		r.Shuffle(len(others), func(i, j int) { others[i], others[j] = others[j], others[i] })
		n := 1 + r.IntN(min(len(others), 3))
		for _, i := range others[:n] {
			w, c := articles[wire], &articles[i]
			c.Paragraphs = append([]string{copyIntros[r.IntN(len(copyIntros))]}, w.Paragraphs...)
			// Papers trim agency copy to fit: the last paragraph goes
			// when the page would run long.
			if len(c.Paragraphs) > maxCopyParagraphs {
				c.Paragraphs = c.Paragraphs[:maxCopyParagraphs]
			}
			c.Summary = w.Summary
			c.Byline = "Northfield Wire"
			// A copy runs some minutes after the wire moved it, never in
			// the last minutes before now.
			c.Published = w.Published.Add(time.Duration(15+r.IntN(105)) * time.Minute)
			if latest := now.Add(-freshestMargin); c.Published.After(latest) {
				c.Published = latest
			}
			copies[i] = wire
		}
	}
	return copies
}
