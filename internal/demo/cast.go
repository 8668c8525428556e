package demo

import (
	"math/rand/v2"
)

// cast is the set of names and numbers one event is about. Every outlet
// covering the event shares it: these shared entities are what lets a
// clustering engine see that differently worded articles tell one story.
type cast struct {
	slots     map[string]string
	witnesses []string // one name per quote, used for witness quotes
}

// castMaker draws casts without repeating a person, and hands events
// distinct home cities so two events never share their main place.
type castMaker struct {
	r        *rand.Rand
	used     map[string]bool
	usage    map[string]int // how often fresh handed out each value
	cities   []string
	nextCity int
}

func newCastMaker(r *rand.Rand) *castMaker {
	cities := append([]string(nil), cityBank...)
	r.Shuffle(len(cities), func(i, j int) { cities[i], cities[j] = cities[j], cities[i] })
	return &castMaker{r: r, used: map[string]bool{}, usage: map[string]int{}, cities: cities}
}

// eventCity returns the next unused city, wrapping only if the world has
// more events than the bank has cities.
func (m *castMaker) eventCity() string {
	c := m.cities[m.nextCity%len(m.cities)]
	m.nextCity++
	return c
}

func (m *castMaker) person() (full, surname string) {
	for tries := 0; ; tries++ {
		first := firstNames[m.r.IntN(len(firstNames))]
		last := lastNames[m.r.IntN(len(lastNames))]
		full = first + " " + last
		if !m.used[full] || tries > 40 {
			m.used[full] = true
			return full, last
		}
	}
}

// fresh picks one of the least-used items other than not, so repeated
// story kinds get different companies, storms and titles while the banks
// last: shared names across unrelated stories would blur their clusters.
func (m *castMaker) fresh(items []string, not string) string {
	var cands []string
	best := -1
	for _, it := range items {
		if it == not {
			continue
		}
		switch u := m.usage[it]; {
		case best < 0 || u < best:
			best = u
			cands = append(cands[:0], it)
		case u == best:
			cands = append(cands, it)
		}
	}
	if len(cands) == 0 {
		return pick(m.r, items)
	}
	v := cands[m.r.IntN(len(cands))]
	m.usage[v]++
	return v
}

func pick(r *rand.Rand, items []string) string {
	if len(items) == 0 {
		return ""
	}
	return items[r.IntN(len(items))]
}

// pickOther picks an item different from not, when the list allows it.
func pickOther(r *rand.Rand, items []string, not string) string {
	for range 20 {
		if v := pick(r, items); v != not {
			return v
		}
	}
	return pick(r, items)
}

func between(r *rand.Rand, span [2]int, def [2]int) int {
	if span == [2]int{} {
		span = def
	}
	if span[1] <= span[0] {
		return span[0]
	}
	return span[0] + r.IntN(span[1]-span[0]+1)
}

// make fills every slot an archetype might use for an event set in city.
func (m *castMaker) make(a archetype, city string, quoteCount int) *cast {
	r := m.r
	sl := map[string]string{"city": city, "role": a.role, "exprole": a.expertRole}
	sl["city2"] = pickOther(r, cityBank, city)
	sl["region"] = pick(r, regionBank)
	sl["country"] = pick(r, countryBank)
	sl["country2"] = pickOther(r, countryBank, sl["country"])
	sl["person"], sl["surname"] = m.person()
	sl["other"], sl["othsur"] = m.person()
	sl["expert"], sl["expsur"] = m.person()
	sl["spokes"], _ = m.person()
	bank := companyBanks[a.companies]
	if bank == nil {
		bank = companyBanks["holding"]
	}
	sl["company"] = m.fresh(bank, "")
	sl["rival"] = m.fresh(bank, sl["company"])
	sl["team"] = pickOther(r, cityBank, city) + " " + pick(r, teamSuffixes)
	sl["team2"] = pickOther(r, cityBank, city) + " " + pick(r, teamSuffixes)
	for sl["team2"] == sl["team"] {
		sl["team2"] = pickOther(r, cityBank, city) + " " + pick(r, teamSuffixes)
	}
	won := 2 + r.IntN(3)
	sl["score"] = itoa(won) + "-" + itoa(1+r.IntN(won-1))
	sl["thing"] = m.fresh(a.things, "")
	sl["n"] = thousands(between(r, a.n, [2]int{100, 1000}))
	sl["n2"] = thousands(between(r, a.n2, [2]int{10, 90}))
	sl["m"] = thousands(between(r, a.m, [2]int{10, 200}))
	sl["p"] = itoa(between(r, a.p, [2]int{5, 40}))
	if len(a.institutions) > 0 {
		sl["institution"] = pick(r, a.institutions)
	} else {
		sl["institution"] = expand(pick(r, institutionPatterns), map[string]string{"place": sl["city2"]}, r)
	}
	sl["org"] = pick(r, a.orgs)
	if sl["org"] == "" {
		sl["org"] = "the {city} City Council"
	}
	// Values that are templates themselves refer only to plain slots.
	for _, k := range []string{"org", "exprole"} {
		sl[k] = expand(sl[k], sl, r)
	}
	c := &cast{slots: sl}
	for range quoteCount {
		name, _ := m.person()
		c.witnesses = append(c.witnesses, name)
	}
	return c
}
