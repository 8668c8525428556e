package demo

import (
	"math/rand/v2"
	"strings"
	"time"
)

const (
	eventCount     = 52  // multi-outlet events
	articleTarget  = 330 // standalone articles top the world up to this
	minStandalone  = 60
	week           = 7 * 24 * time.Hour
	freshestMargin = 10 * time.Minute // nothing is published in the last minutes
)

// generator writes the world's articles. It consumes the random source in
// a fixed order, so a seed always yields the same world.
type generator struct {
	r        *rand.Rand
	now      time.Time
	outlets  []outletSpec
	cm       *castMaker
	articles []Article
	events   int
}

func newGenerator(r *rand.Rand, now time.Time, outlets []outletSpec) *generator {
	return &generator{r: r, now: now, outlets: outlets, cm: newCastMaker(r)}
}

func (g *generator) generate() {
	arcs := eventArchetypes()
	plan := make([]int, eventCount)
	for i := range plan {
		plan[i] = i % len(arcs)
	}
	g.r.Shuffle(len(plan), func(i, j int) { plan[i], plan[j] = plan[j], plan[i] })
	for i, ai := range plan {
		g.event(i+1, arcs[ai])
	}
	g.events = eventCount
	g.columns()
	g.standalone(arcs, briefArchetypes())
}

// event writes one event's coverage: 3 to 6 outlets, each with its own
// headline, lead, choice and order of facts, and quotes.
func (g *generator) event(id int, a archetype) {
	c := g.cm.make(a, g.cm.eventCity(), len(a.quotes))
	outlets := g.coverage(a.category)
	age := 3*time.Hour + g.duration(week-4*time.Hour)
	start := g.now.Add(-age)
	hperm := g.r.Perm(len(a.headlines))
	lperm := g.r.Perm(len(a.leads))
	qperm := g.r.Perm(len(a.quotes))
	for i, o := range outlets {
		spread := 16 * time.Hour
		if i == 0 {
			spread = 2 * time.Hour
		}
		// Outlets catching up on a fresh event spread over the time it has had.
		offset := g.duration(min(spread, age-freshestMargin))
		picks := storyPicks{
			headline: a.headlines[hperm[i%len(hperm)]],
			lead:     a.leads[lperm[i%len(lperm)]],
			quotes:   []int{qperm[(2*i)%len(qperm)], qperm[(2*i+1)%len(qperm)]},
		}
		art := g.write(o, a, c, picks, start.Add(offset))
		art.EventID = id
		g.articles = append(g.articles, art)
	}
}

// coverage picks the outlets covering an event of category. Specialist
// outlets always cover their beat; generalists fill up to 3-6 outlets.
func (g *generator) coverage(category string) []outletSpec {
	var special, general []outletSpec
	for _, o := range g.outlets {
		switch {
		case o.beats == nil:
			general = append(general, o)
		case o.covers(category):
			special = append(special, o)
		}
	}
	g.r.Shuffle(len(general), func(i, j int) { general[i], general[j] = general[j], general[i] })
	want := 3 + g.r.IntN(4)
	out := special
	for _, o := range general {
		if len(out) >= want {
			break
		}
		out = append(out, o)
	}
	return out
}

// standalone tops the world up with single-outlet stories: mostly briefs,
// sometimes a story of an event kind that only one outlet picked up.
func (g *generator) standalone(events, briefs []archetype) {
	n := max(articleTarget-len(g.articles), minStandalone)
	order := g.r.Perm(len(briefs))
	for i := range n {
		a := briefs[order[i%len(order)]]
		if i%3 == 2 {
			a = events[g.r.IntN(len(events))]
		}
		city := pick(g.r, cityBank)
		c := g.cm.make(a, city, len(a.quotes))
		o := g.soloOutlet(a.category)
		age := freshestMargin + g.duration(week-freshestMargin-30*time.Minute)
		picks := storyPicks{
			headline: pick(g.r, a.headlines),
			lead:     pick(g.r, a.leads),
			quotes:   []int{g.r.IntN(len(a.quotes))},
		}
		g.articles = append(g.articles, g.write(o, a, c, picks, g.now.Add(-age)))
	}
}

// soloOutlet picks who runs a single-outlet story; specialists get half
// of the stories on their beat so their feeds are not thin.
func (g *generator) soloOutlet(category string) outletSpec {
	var special, all []outletSpec
	for _, o := range g.outlets {
		if !o.covers(category) {
			continue
		}
		all = append(all, o)
		if o.beats != nil {
			special = append(special, o)
		}
	}
	if len(special) > 0 && g.r.IntN(2) == 0 {
		return special[g.r.IntN(len(special))]
	}
	return all[g.r.IntN(len(all))]
}

// columns gives every outlet one opinion column of its own on a subject
// it covers.
func (g *generator) columns() {
	cols := columns()
	taken := make([]bool, len(cols))
	for _, o := range g.outlets {
		k := -1
		for i, col := range cols {
			if !taken[i] && o.covers(col.category) {
				k = i
				break
			}
		}
		if k < 0 {
			continue
		}
		taken[k] = true
		col := cols[k]
		c := g.cm.make(archetype{category: col.category}, pick(g.r, cityBank), 0)
		title := expand(col.headline, c.slots, g.r)
		if o.titleCase {
			title = titleCase(title)
		}
		paras := make([]string, len(col.body))
		for j, p := range col.body {
			paras[j] = expand(p, c.slots, g.r)
		}
		g.articles = append(g.articles, Article{
			Outlet:      o.Slug,
			Title:       title,
			Summary:     paras[0],
			Byline:      pick(g.r, o.reporters),
			Category:    col.category,
			Published:   g.now.Add(-(time.Hour + g.duration(week-2*time.Hour))),
			Paragraphs:  paras,
			ImageCredit: o.credit(pick(g.r, o.photographers)),
		})
	}
}

// duration returns a whole number of seconds in [0, d).
func (g *generator) duration(d time.Duration) time.Duration {
	return time.Duration(g.r.Int64N(int64(d/time.Second))) * time.Second
}

// storyPicks are the template choices that make one outlet's article
// differ from another's about the same event.
type storyPicks struct {
	headline, lead string
	quotes         []int
}

func (g *generator) write(o outletSpec, a archetype, c *cast, p storyPicks, published time.Time) Article {
	title := expand(p.headline, c.slots, g.r)
	if o.titleCase {
		title = titleCase(title)
	}
	lead := expand(p.lead, c.slots, g.r)
	paras := g.body(o, a, c, lead, p.quotes)
	byline := pick(g.r, o.reporters)
	if g.r.IntN(8) == 0 {
		byline += " and " + pickOther(g.r, o.reporters, byline)
	}
	caption := ""
	if len(a.captions) > 0 && g.r.IntN(3) != 0 {
		caption = expand(pick(g.r, a.captions), c.slots, g.r)
	}
	if o.signOff {
		paras = append(paras, "Reporting by "+byline+"; editing by "+editor(g.r, o.reporters, byline)+".")
	}
	return Article{
		Outlet:      o.Slug,
		Title:       title,
		Summary:     lead,
		Byline:      byline,
		Category:    a.category,
		Published:   published,
		Paragraphs:  paras,
		ImageCredit: o.credit(pick(g.r, o.photographers)),
		Caption:     caption,
	}
}

// body assembles 4 to 8 paragraphs: the lead, facts in an outlet-specific
// order, quotes between them, background and what happens next.
func (g *generator) body(o outletSpec, a archetype, c *cast, lead string, quoteIdx []int) []string {
	first := lead
	if o.dateline {
		first = strings.ToUpper(c.slots["city"]) + o.wireTag + " — " + lead
	}
	paras := []string{first}
	facts := g.r.Perm(len(a.facts))
	take := min(len(facts), 3+g.r.IntN(3))
	factParas := g.groupFacts(a, c, facts[:take])
	quoteN := 1 + g.r.IntN(len(quoteIdx))
	for i, fp := range factParas {
		paras = append(paras, fp)
		if i < quoteN {
			q := quoteIdx[i]
			paras = append(paras, quoteParagraph(a.quotes[q], c.witnesses[q], c, strings.Join(paras, " "), g.r))
		}
	}
	bg := g.r.Perm(len(a.background))
	for _, i := range bg[:min(len(bg), 1+g.r.IntN(2))] {
		paras = append(paras, expand(a.background[i], c.slots, g.r))
	}
	if len(a.next) > 0 && g.r.IntN(4) != 0 {
		paras = append(paras, expand(pick(g.r, a.next), c.slots, g.r))
	}
	return paras[:min(len(paras), 8)]
}

// groupFacts renders the chosen facts one or two sentences a paragraph.
func (g *generator) groupFacts(a archetype, c *cast, idx []int) []string {
	var out []string
	for i := 0; i < len(idx); {
		n := 1 + g.r.IntN(2)
		if i+n > len(idx) {
			n = len(idx) - i
		}
		sentences := make([]string, n)
		for k := range n {
			sentences[k] = expand(a.facts[idx[i+k]], c.slots, g.r)
		}
		out = append(out, strings.Join(sentences, " "))
		i += n
	}
	return out
}

// editor picks a colleague who is not on the byline.
func editor(r *rand.Rand, reporters []string, byline string) string {
	var free []string
	for _, p := range reporters {
		if !strings.Contains(byline, p) {
			free = append(free, p)
		}
	}
	if len(free) == 0 {
		return "the news desk"
	}
	return pick(r, free)
}
