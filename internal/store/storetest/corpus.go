package storetest

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// The search benchmark's synthetic corpus: articles of about 300 words
// drawn from a vocabulary with a Zipf distribution, as natural text is,
// so some words are in most articles and most words in few.

// corpusVocabulary is the number of distinct words of the corpus.
const corpusVocabulary = 30000

// corpusWords builds the vocabulary: pronounceable made-up words, the
// commonest short.
func corpusWords(rng *rand.Rand) []string {
	onsets := []string{"b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "br", "st", "tr", "pl", "gr", "sh", "ch"}
	vowels := []string{"a", "e", "i", "o", "u", "ai", "ea", "ou"}
	codas := []string{"", "n", "r", "s", "t", "l", "m", "nd", "st", "rk"}
	seen := map[string]bool{}
	words := make([]string, 0, corpusVocabulary)
	for len(words) < corpusVocabulary {
		syllables := 1 + min(len(words)/1500, 3) // rarer words run longer (1,840 one-syllable words exist)
		var b strings.Builder
		for range syllables {
			b.WriteString(onsets[rng.IntN(len(onsets))])
			b.WriteString(vowels[rng.IntN(len(vowels))])
		}
		b.WriteString(codas[rng.IntN(len(codas))])
		if w := b.String(); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}

// Corpus generates a deterministic news corpus for search benchmarks.
type Corpus struct {
	rng     *rand.Rand
	zipf    *rand.Zipf
	words   []string
	cats    []string
	Sources int        // articles are spread over this many sources
	Start   time.Time  // the oldest publication time; articles span two years from it
	samples [][]string // words of every 1000th article's text, for phrases
	n       int
}

// NewCorpus returns the corpus of seed, of n articles: their publication
// times rise with their number, a day either way, as a site ingests the
// news as it comes.
func NewCorpus(seed uint64, n int) *Corpus {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return &Corpus{
		rng:     rng,
		zipf:    rand.NewZipf(rng, 1.07, 2, corpusVocabulary-1),
		words:   corpusWords(rng),
		cats:    []string{"World", "Politics", "Business", "Science", "Culture", "Sport", "Health", "Technology", "Local", "Opinion"},
		Sources: 50,
		n:       max(n, 1),
		// Two years up to today, so "the last 30 days" finds articles.
		Start: time.Now().UTC().Truncate(24*time.Hour).AddDate(-2, 0, 1),
	}
}

func (c *Corpus) word() string { return c.words[c.zipf.Uint64()] }

func (c *Corpus) sentence(n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = c.word()
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// Article returns the i-th article: a title of 6-10 words, an excerpt of
// about 30 and a text of about 300, a category, and a time in the span.
// The source is i modulo Sources (plus one, as source IDs start at 1).
func (c *Corpus) Article(i int) (sourceID int64, a model.Article) {
	var text strings.Builder
	for n := 0; n < 300; {
		k := 8 + c.rng.IntN(14)
		if text.Len() > 0 {
			text.WriteByte(' ')
		}
		text.WriteString(c.sentence(k))
		n += k
	}
	if i%1000 == 0 {
		c.samples = append(c.samples, strings.Fields(strings.ToLower(text.String())))
	}
	title := strings.TrimSuffix(c.sentence(6+c.rng.IntN(5)), ".")
	a = model.Article{
		GUID:        fmt.Sprintf("corpus-%d", i),
		URL:         fmt.Sprintf("https://corpus.example/%d", i),
		Title:       title,
		Excerpt:     c.sentence(30),
		ContentText: text.String(),
		ContentHTML: "<p>" + text.String() + "</p>",
		Category:    c.cats[c.rng.IntN(len(c.cats))],
		PublishedAt: c.published(i),
		Kind:        model.KindAggregated,
	}
	a.FetchedAt = a.PublishedAt
	return int64(i%c.Sources) + 1, a
}

// published is the i-th article's time: its share of the two years,
// give or take a day, never after now.
func (c *Corpus) published(i int) time.Time {
	span := 2 * 365 * 24 * time.Hour
	at := c.Start.Add(time.Duration(float64(span) * float64(i) / float64(c.n)))
	at = at.Add(time.Duration(c.rng.Int64N(int64(48*time.Hour))) - 24*time.Hour)
	if now := time.Now().UTC(); at.After(now) {
		at = now
	}
	return at.Truncate(time.Microsecond)
}

// Queries returns n live-search queries in the mix the issue names: one
// to three words, a word still being typed, a quoted phrase (taken from
// the articles generated so far), with and without filters. Each is the
// query string of a search URL.
// QueryKind names the kind of the i-th query Queries returns.
func QueryKind(i int) string {
	return [...]string{"one word", "two words", "three words", "typing", "phrase"}[i%5]
}

func (c *Corpus) Queries(n int) []url.Values {
	out := make([]url.Values, 0, n)
	for i := range n {
		v := url.Values{}
		var q string
		switch i % 5 {
		case 0: // one word
			q = c.word()
		case 1: // two words
			q = c.word() + " " + c.word()
		case 2: // three words
			q = c.word() + " " + c.word() + " " + c.word()
		case 3: // typing: the last word cut short
			w := c.word()
			q = c.word() + " " + w[:max(2, len(w)-2)]
		case 4: // two words in a row from an article
			q = `"` + c.word() + " " + c.word() + `"`
			if len(c.samples) > 0 {
				ws := c.samples[c.rng.IntN(len(c.samples))]
				j := c.rng.IntN(len(ws) - 1)
				q = `"` + strings.Trim(ws[j], ".") + " " + strings.Trim(ws[j+1], ".") + `"`
			}
		}
		v.Set("q", q)
		switch i % 4 {
		case 1:
			v.Set("category", model.Slugify(c.cats[c.rng.IntN(len(c.cats))], 40))
		case 2:
			v.Set("from", "30d")
		case 3:
			v.Set("source", fmt.Sprint(1+c.rng.IntN(c.Sources)))
		}
		out = append(out, v)
	}
	return out
}
