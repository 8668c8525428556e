package entities

import (
	"strings"
	"sync"
)

// Limits that keep the work on one article bounded whatever arrives.
const (
	// DefaultMaxBytes is how much of an article Extract reads; longer text
	// is cut (news articles are far shorter, so only hostile input loses).
	DefaultMaxBytes = 512 << 10
	// maxNameTokens caps a name's length: a longer capitalized run is a
	// heading or a list, not one name.
	maxNameTokens = 8
)

// Extractor finds entity mentions in articles. It is safe for concurrent
// use; build one per gazetteer and share it.
type Extractor struct {
	g        *Gazetteer
	maxBytes int
}

// NewExtractor returns an Extractor that recognises g's entries; nil means
// the shipped gazetteer.
func NewExtractor(g *Gazetteer) *Extractor {
	if g == nil {
		g = DefaultGazetteer()
	}
	return &Extractor{g: g, maxBytes: DefaultMaxBytes}
}

var (
	defaultOnce sync.Once
	defaultX    *Extractor
)

// Extract finds the entities in one article with the shipped gazetteer.
// See (*Extractor).Extract.
func Extract(title, text string) []Mention {
	defaultOnce.Do(func() { defaultX = NewExtractor(nil) })
	return defaultX.Extract(title, text)
}

// cand is one reference to a would-be entity before references are merged.
type cand struct {
	words    []string
	offset   int
	entry    int  // gazetteer entry, -1 when unknown
	shaky    bool // from a headline in capitals or Title Case
	evidence [numKinds]int
}

func (c *cand) name() string { return strings.Join(c.words, " ") }

// doc is the per-article state the extraction passes share.
type doc struct {
	x          *Extractor
	toks       []token
	unreliable map[int]bool    // lines whose capitals say nothing (all caps, Title Case)
	midCap     map[string]bool // words capitalized mid-sentence in reliable lines
	midSolo    map[string]bool // the same, standing alone rather than inside a longer name
	cands      []cand
}

// Extract finds the entities in one article: the title, then the body
// (paragraphs separated by blank lines). Each entity is returned once,
// in order of first appearance, with its canonical name, kind and how
// often the article refers to it; a short reference ("Ms Okafor") is
// folded into the full name the article uses elsewhere ("Adaeze Okafor").
// Capitalized phrases that only start a sentence, and words in headlines
// set in capitals or Title Case, count only when the article capitalizes
// them mid-sentence too, so shouting does not make every word an entity.
func (x *Extractor) Extract(title, text string) []Mention {
	s := title + "\n\n" + text
	if len(s) > x.maxBytes {
		s = s[:x.maxBytes]
	}
	d := &doc{x: x, toks: tokenize(s, x.maxBytes/2+1)}
	d.classifyLines()
	d.collectMidCaps()
	for i := 0; i < len(d.toks); {
		if !d.isCapAt(i) {
			i++
			continue
		}
		i = d.sequence(i)
	}
	return d.merge()
}

// classifyLines marks lines set in capitals or in Title Case, where an
// initial capital is no evidence of a name.
func (d *doc) classifyLines() {
	type stat struct{ words, caps, upper, lower int }
	st := map[int]*stat{}
	for _, t := range d.toks {
		if t.text == "&" || !hasLetter(t.text) {
			continue
		}
		s := st[t.line]
		if s == nil {
			s = &stat{}
			st[t.line] = s
		}
		s.words++
		switch {
		case isAllCaps(t.text) && len(t.text) > 1:
			s.upper++
		case isCap(t.text):
			s.caps++
		case !connectors[t.text] && !smallWords[t.text]:
			s.lower++
		}
	}
	d.unreliable = map[int]bool{}
	for line, s := range st {
		shouting := s.words >= 3 && s.upper*10 >= s.words*6
		titled := s.words >= 4 && s.lower == 0 && s.caps+s.upper >= 3
		if shouting || titled {
			d.unreliable[line] = true
		}
	}
}

// smallWords stay lower case in Title Case headlines.
var smallWords = set("a", "an", "the", "and", "or", "but", "in", "on", "at", "to", "for", "by", "as", "is", "vs", "with", "from", "into", "over")

func hasLetter(s string) bool {
	for _, r := range s {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 127 {
			return true
		}
	}
	return false
}

func (d *doc) collectMidCaps() {
	d.midCap, d.midSolo = map[string]bool{}, map[string]bool{}
	capAt := func(k int) bool {
		return k >= 0 && k < len(d.toks) && isCap(d.toks[k].text) && !stopwords[d.toks[k].text]
	}
	for k, t := range d.toks {
		if !d.unreliable[t.line] && !t.sentStart && capAt(k) {
			d.midCap[t.text] = true
			if !(capAt(k-1) && !t.breakBefore) && !(capAt(k+1) && !d.toks[k+1].breakBefore) {
				d.midSolo[t.text] = true
			}
		}
	}
}

// capStop reports whether the capitalized stopword at k sits inside a name
// ("Doctors Without Borders"): mid-sentence, with a name word right after.
func (d *doc) capStop(k int) bool {
	t := d.toks[k]
	return stopwords[t.text] && !calendarWords[t.text] && isCap(t.text) && !t.sentStart &&
		!d.unreliable[t.line] && k+1 < len(d.toks) && !d.toks[k+1].breakBefore && d.isCapAt(k+1)
}

// midCapSeq reports whether toks[a:b] occurs elsewhere in the article,
// mid-sentence, followed by punctuation or a lowercase word: evidence that
// a trailing month ("Southwold March") belongs to the name.
func (d *doc) midCapSeq(a, b int) bool {
	n := b - a
	for i := 0; i+n <= len(d.toks); i++ {
		if i == a || d.toks[i].sentStart {
			continue
		}
		same := true
		for k := 0; k < n && same; k++ {
			same = d.toks[i+k].text == d.toks[a+k].text && (k == 0 || !d.toks[i+k].breakBefore)
		}
		if same {
			return true
		}
	}
	return false
}

// word is the text a token contributes to a name: headline capitals are
// rewritten in the form the body uses.
func (d *doc) word(i int) string {
	t := d.toks[i]
	if (d.unreliable[t.line] || isAllCaps(t.text)) && !d.midCap[t.text] && d.midCap[titleCase(t.text)] {
		return titleCase(t.text)
	}
	return t.text
}

// isCapAt reports whether token i can be part of a name.
func (d *doc) isCapAt(i int) bool {
	t := d.toks[i]
	if d.unreliable[t.line] {
		return d.midCap[t.text] || d.midCap[titleCase(t.text)] || d.gazAt(i) > 0
	}
	if len(t.text) > 1 && isAllCaps(t.text) && d.midCap[titleCase(t.text)] {
		return true // a dateline: "SALTMERE (Wire) —"
	}
	return isCap(t.text) && !stopwords[t.text] && hasLetter(t.text)
}

// gazAt returns the length of the gazetteer match at i, 0 if none.
func (d *doc) gazAt(i int) int {
	_, n := d.x.g.match(d.toks, i, d.unreliable[d.toks[i].line])
	return n
}

// sequence reads the capitalized run starting at i (gazetteer aliases,
// capitalized words and the connectors between them), hands it to
// segment, and returns where scanning resumes.
func (d *doc) sequence(i int) int {
	start, j := i, i
	for j < len(d.toks) && j-start < maxNameTokens {
		if j > start && d.toks[j].breakBefore {
			break
		}
		if j > start && d.toks[j-1].possessive && !orgKeywords[d.toks[j].text] {
			break
		}
		if n := d.gazAt(j); n > 0 {
			j += n
			continue
		}
		if j > start && d.capStop(j) {
			j++ // "Homes for All Act"
			continue
		}
		if d.isCapAt(j) || j > start && calendarWords[d.toks[j].text] && j+1 < len(d.toks) &&
			!d.toks[j+1].breakBefore && d.isCapAt(j+1) {
			j++
			continue
		}
		if j > start && calendarWords[d.toks[j].text] && !d.unreliable[d.toks[j].line] && d.midCapSeq(start, j+1) {
			j++
			continue
		}
		// Up to two connectors, then a capitalized word: "van der Berg".
		k := j
		for k < len(d.toks) && k-j < 2 && connectors[d.toks[k].text] && !d.toks[k].breakBefore {
			k++
		}
		if k > j && k < len(d.toks) && !d.toks[k].breakBefore && (d.isCapAt(k) || d.capStop(k)) {
			j = k
			continue
		}
		break
	}
	if j == start {
		return i + 1
	}
	d.segment(start, j, 0)
	return j
}
