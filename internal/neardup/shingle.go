package neardup

import (
	"slices"

	"github.com/newsdesk/newsdesk/internal/search"
)

// ShingleSize is the number of consecutive words in a shingle. Longer
// shingles make texts that merely share vocabulary and phrases (two reports
// of one event in different words) less alike; shorter ones make a light
// edit cost fewer shingles. Over the demo world (TestMeasureShingleSize)
// the most similar pair of same-event reports fell from Jaccard 0.57 at 2
// words to 0.51 at 3, 0.47 at 4, 0.44 at 5 and 0.41 at 6, while edited
// copies barely moved (5th percentile 0.69 at 2 words, 0.67 at 5 and 6):
// 5 keeps most of the gain, and a changed word still costs only 5 shingles.
const ShingleSize = 5

// MaxWords caps the words of a text that are shingled: only the first
// MaxWords count, found in the text's first 32,000 bytes (16 a word). It
// bounds the cost of signing a huge text (a whole book pasted in a feed)
// to under a millisecond, and the opening of a story is where copies agree.
const MaxWords = 2000

// maxBytes is how much of a text is split into words at most: enough for
// MaxWords words of ordinary prose (about 6 bytes a word with its space),
// with room for markup-like noise, so that splitting a huge text does not
// cost more than its opening.
const maxBytes = 16 * MaxWords

// MinShingles is the fewest distinct shingles a text needs to get a
// Signature. A headline or a one-line brief says too little for its words
// alone to prove that two items are the same story (many briefs share a
// formula such as "police said on Monday"), so such texts are never near
// duplicates on text alone; with ShingleSize 5 that is about 16 words.
const MinShingles = 12

// analyzer splits and folds words; Words does not depend on the language.
var analyzer, _ = search.NewAnalyzer(search.DefaultLanguage)

// FNV-1a 64 parameters.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// wordHash is the FNV-1a 64 hash of a word.
func wordHash(w string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= fnvPrime
	}
	return h
}

// mix64 is a fixed 64-bit finalizer (the splitmix64 one): every input bit
// changes about half the output bits, which makes the xor of a seed and a
// hash behave as an independent hash function per seed.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// words returns the folded words of text, at most MaxWords of them, from
// its first maxBytes bytes.
func words(text string) []string {
	cut := len(text) > maxBytes
	if cut {
		text = text[:maxBytes]
	}
	ws := analyzer.Words(text)
	if cut && len(ws) > 0 {
		ws = ws[:len(ws)-1] // the last word may have been cut in two
	}
	if len(ws) > MaxWords {
		ws = ws[:MaxWords]
	}
	return ws
}

// shingles returns the distinct hashes of the k-word shingles of
// ws, sorted. A shingle's hash depends on its words and their order.
func shingles(ws []string, k int) []uint64 {
	if len(ws) < k {
		return nil
	}
	wh := make([]uint64, len(ws))
	for i, w := range ws {
		wh[i] = wordHash(w)
	}
	out := make([]uint64, 0, len(ws)-k+1)
	for i := 0; i+k <= len(wh); i++ {
		h := uint64(fnvOffset)
		for _, x := range wh[i : i+k] {
			h = mix64(h ^ x)
		}
		out = append(out, h)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
