package entities

// segment turns the capitalized run toks[a:b] into candidates: a title
// ("Foreign Minister") is cut off and marks what follows as a person; a
// weak connector splits two names ("Odile Varnett of Halvorsen Group");
// an organization keyword keeps the whole run as one organization;
// otherwise gazetteer aliases inside the run become their own mentions
// and the remaining words form unknown names.
func (d *doc) segment(a, b int, person int) {
	for a < b && connectors[d.toks[a].text] {
		a++
	}
	for b > a && connectors[d.toks[b-1].text] {
		b--
	}
	if a >= b {
		return
	}
	// Titles: the last honorific with a name after it.
	if person == 0 {
		for h := b - 1; h >= a; h-- {
			w := d.word(h)
			if !honorifics[w] || d.gazAt(h) > 0 {
				continue
			}
			k := h
			for k > a && (honorifics[d.word(k-1)] || titleModifiers[d.word(k-1)]) {
				k--
			}
			d.segment(a, k, 0)
			if h+1 < b {
				d.segment(h+1, b, 1)
			}
			return
		}
	}
	// Weak connectors split unless the part before names an organization.
	for c := a + 1; c < b-1; c++ {
		// Only a person's name splits off: "Odile Varnett of Halvorsen
		// Group", but not "Homes for All Act" or "University of Kessling".
		w := d.toks[c].text
		if w != "of" && w != "for" && w != "from" {
			continue
		}
		if c-a < 2 || d.hasOrgKeyword(a, c) || d.gazAt(a) > 0 {
			break
		}
		d.segment(a, c, person)
		d.segment(c+1, b, 0)
		return
	}
	if n := d.gazAt(a); n == b-a {
		d.addGaz(a, n, person)
		return
	}
	if person == 0 && d.hasOrgKeyword(a, b) && b-a > 1 {
		d.addUnknown(a, b, [numKinds]int{KindOrganization: 1}, false)
		return
	}
	run := a
	for i := a; i < b; {
		n := d.gazAt(i)
		if n == 0 {
			i++
			continue
		}
		d.unknownRun(run, i, person)
		d.addGaz(i, n, 0)
		i += n
		run = i
	}
	d.unknownRun(run, b, person)
}

func isAge(w string) bool {
	if len(w) == 0 || len(w) > 3 {
		return false
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (d *doc) hasOrgKeyword(a, b int) bool {
	for i := a; i < b; i++ {
		if orgKeywords[d.word(i)] {
			return true
		}
	}
	return false
}

func (d *doc) addGaz(i, n, person int) {
	al, _ := d.x.g.match(d.toks, i, d.unreliable[d.toks[i].line])
	if al.entry < 0 {
		return // a demonym: recognised, not an entity
	}
	e := d.x.g.entries[al.entry]
	c := cand{words: []string{e.Name}, offset: d.toks[i].start, entry: al.entry}
	c.evidence[e.Kind]++
	d.cands = append(d.cands, c)
}

// unknownRun adds toks[a:b], a run the gazetteer does not know, applying
// the sentence-start rule and the context cues.
func (d *doc) unknownRun(a, b, person int) {
	for a < b && connectors[d.toks[a].text] {
		a++
	}
	for b > a && connectors[d.toks[b-1].text] {
		b--
	}
	if a >= b {
		return
	}
	var ev [numKinds]int
	ev[KindPerson] = person
	first := d.toks[a]
	// "Residents of Saltmere": an unconfirmed sentence opener joined by a
	// connector is an ordinary word; the name is what follows.
	if first.sentStart && !d.unreliable[first.line] && !d.midCap[first.text] && person == 0 &&
		b-a > 2 && connectors[d.toks[a+1].text] && d.gazAt(a) == 0 {
		d.unknownRun(a+1, b, 0)
		return
	}
	// A word capitalized only because it starts a sentence is kept
	// tentatively: merge drops it unless the article confirms it.
	opener := first.sentStart && !d.unreliable[first.line] && !d.midSolo[first.text] && person == 0 && b-a == 1
	if !hasLetter(first.text) || b-a == 1 && len([]rune(first.text)) == 1 {
		return
	}
	d.addUnknown(a, b, ev, opener)
}

// addUnknown records toks[a:b] as an unknown name with the given evidence
// plus what the neighbouring words say.
func (d *doc) addUnknown(a, b int, ev [numKinds]int, opener bool) {
	words := make([]string, 0, b-a)
	for i := a; i < b; i++ {
		w := d.word(i)
		if i < b-1 && d.toks[i].possessive {
			w = d.toks[i].raw // "St Brenna's Hospital"
		}
		words = append(words, w)
	}
	if a > 0 && !d.toks[a].breakBefore && placeCues[d.toks[a-1].text] {
		// "in Kessling", but not "in Halvorsen Group" (org wins).
		if ev[KindOrganization] == 0 {
			ev[KindPlace]++
		}
	}
	prev := ""
	if a > 0 && !d.toks[a].breakBefore {
		prev = d.toks[a-1].text
	}
	if saidCues[prev] || prev == "By" || prev == "by" || prev == "to" && a > 1 && d.toks[a-2].text == "according" {
		ev[KindPerson]++ // "said Tomas Ridderhof", "By Anselm Price"
	}
	if b < len(d.toks) {
		next := d.toks[b]
		switch {
		case !next.breakBefore && personCues[next.text]:
			ev[KindPerson]++ // "Okafor said"
		case next.breakBefore && personCues[next.text]:
			ev[KindPerson]++ // "..., who", "\"...\" Okafor said" is above; this is "Okafor, who"
		case next.breakBefore && (next.text == "a" || next.text == "an") && ev[KindOrganization] == 0 &&
			b+1 < len(d.toks) && !isCap(d.toks[b+1].text):
			ev[KindPerson]++ // "Liesel Varnett, a marine biologist"
		case next.breakBefore && isAge(next.text) && b+1 < len(d.toks) && d.toks[b+1].breakBefore:
			ev[KindPerson]++ // "Sabine Tamsworth, 16,"
		}
	}
	d.cands = append(d.cands, cand{words: words, offset: d.toks[a].start, entry: -1, evidence: ev,
		shaky: d.unreliable[d.toks[a].line] || opener})
}

// merge folds the candidates into one Mention per entity: gazetteer
// entries by entry, unknown names by text, and a one-word name into the
// only longer name of the article that ends (for people) or begins (for
// organizations) with it.
func (d *doc) merge() []Mention {
	type agg struct {
		m  Mention
		ev [numKinds]int
		w  []string
	}
	byKey := map[string]*agg{}
	var order []*agg
	get := func(key string, c *cand) *agg {
		a := byKey[key]
		if a == nil {
			a = &agg{m: Mention{Name: c.name(), Offset: c.offset, Known: c.entry >= 0}, w: c.words}
			if c.entry >= 0 {
				a.m.Kind = d.x.g.entries[c.entry].Kind
			}
			byKey[key] = a
			order = append(order, a)
		}
		return a
	}
	// Full names first so that short references find them.
	byLast, byFirst := map[string][]string{}, map[string][]string{}
	for i := range d.cands {
		c := &d.cands[i]
		if c.entry >= 0 || len(c.words) < 2 {
			continue
		}
		if c.evidence[KindOrganization] > 0 {
			byFirst[c.words[0]] = appendOnce(byFirst[c.words[0]], c.name())
		} else if allCap(c.words) {
			byLast[c.words[len(c.words)-1]] = appendOnce(byLast[c.words[len(c.words)-1]], c.name())
		}
	}
	// A name from a shouting or Title Case headline, or a lone word that
	// only starts sentences, counts only when the article's ordinary text
	// names it too or it is the short form of a full name.
	confirmed := map[string]bool{}
	for _, c := range d.cands {
		if !c.shaky {
			confirmed[c.name()] = true
		}
	}
	for i := range d.cands {
		c := &d.cands[i]
		if c.shaky && c.entry < 0 && !confirmed[c.name()] && (len(c.words) > 1 || len(byLast[c.words[0]])+len(byFirst[c.words[0]]) == 0) {
			continue
		}
		key := "u:" + c.name()
		if c.entry >= 0 {
			key = "g:" + d.x.g.entries[c.entry].Name
		} else if len(c.words) == 1 {
			if full := byLast[c.words[0]]; len(full) == 1 {
				key = "u:" + full[0]
				if c.evidence[KindOrganization] == 0 && c.evidence[KindPlace] == 0 {
					c.evidence[KindPerson]++ // a surname standing alone
				}
			} else if full := byFirst[c.words[0]]; len(full) == 1 && len(byLast[c.words[0]]) == 0 {
				key = "u:" + full[0]
			}
		}
		a := get(key, c)
		if len(c.words) > len(a.w) && c.entry < 0 {
			a.w, a.m.Name = c.words, c.name()
		}
		if c.offset < a.m.Offset {
			a.m.Offset = c.offset
		}
		a.m.Count++
		for k := range c.evidence {
			a.ev[k] += c.evidence[k]
		}
	}
	out := make([]Mention, 0, len(order))
	for _, a := range order {
		m := a.m
		if !m.Known {
			m.Kind = decideKind(a.ev)
		}
		for _, n := range a.ev[KindPerson:] {
			m.Evidence += n
		}
		if m.Known {
			m.Evidence -= m.Count // the gazetteer vote is not a structural cue
		}
		out = append(out, m)
	}
	sortByOffset(out)
	return out
}

// allCap reports whether every word of a name is capitalized: a person's
// name has no "of" in it, so "Bank of Arvenia" is no full form of "Arvenia".
func allCap(words []string) bool {
	for _, w := range words {
		if !isCap(w) {
			return false
		}
	}
	return true
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// decideKind picks the kind with the most evidence; organization beats
// person beats place on a tie, as a suffix is the strongest cue.
func decideKind(ev [numKinds]int) Kind {
	best, kind := 0, KindOther
	for _, k := range []Kind{KindOrganization, KindPerson, KindPlace} {
		if ev[k] > best {
			best, kind = ev[k], k
		}
	}
	return kind
}

func sortByOffset(ms []Mention) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].Offset < ms[j-1].Offset; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}
